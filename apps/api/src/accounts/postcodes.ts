/** Full UK postcode: outward (area + district) and inward (sector digit + unit letters). */
const FULL = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;
/** An area ("SW"), district ("SW1A") or sector ("SW1A 1") a client can ask leads for. */
const AREA = /^([A-Z]{1,2})(\d[A-Z\d]?)?(?: ?(\d))?$/;

const clean = (value: string) => value.toUpperCase().replace(/\s+/g, ' ').trim();

/** "sw1a1aa" → "SW1A 1AA"; null when not a UK postcode. */
export function normalisePostcode(value: string): string | null {
  const m = FULL.exec(clean(value).replace(' ', ''));
  return m ? `${m[1]} ${m[2]}` : null;
}

/** " sw1a " → "SW1A", "m1 1" → "M1 1"; null when not an area, district or sector. */
export function normalisePostcodeArea(value: string): string | null {
  const m = AREA.exec(clean(value));
  if (!m) return null;
  const [, area, district, sector] = m;
  if (sector && !district) return null;
  return `${area}${district ?? ''}${sector ? ` ${sector}` : ''}`;
}

/** Lower-cased, trimmed, single-spaced: two business names are the same when these are. */
export { nameKey as businessNameKey } from '../core/text/name-key';
