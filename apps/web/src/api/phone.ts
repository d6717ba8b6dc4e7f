/**
 * A UK phone number as people write it: "07700 900123", "020 7946 0018", "0161 496 0000",
 * "01632 960123", "0300 123 4567". "+44…", "0044…" and spaces or dashes are read as the same
 * number; anything else (another country, letters, too short) is left as it came.
 * (The API's lead export has the same rule: apps/api/src/leads/uk-phone.ts.)
 */
export function ukPhone(raw: string): string {
  const compact = raw.replace(/[\s\-().]/g, '');
  const national = /^(?:\+44|0044)0?(\d{9,10})$/.exec(compact)?.[1];
  const digits = national ? `0${national}` : /^0\d{9,10}$/.test(compact) ? compact : null;
  if (!digits || digits.length !== 11) return raw;
  if (/^02/.test(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^01\d1|^011/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  if (/^0[389]/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `${digits.slice(0, 5)} ${digits.slice(5)}`;
}

/** A `tel:` link for a number people may tap to call: +44… for UK numbers, the digits as given otherwise; null when it is no number. */
export function telHref(raw: string): string | null {
  const compact = raw.replace(/[\s\-().]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return null;
  if (compact.startsWith('+')) return `tel:${compact}`;
  if (compact.startsWith('0044')) return `tel:+${compact.slice(2)}`;
  if (/^0\d{9,10}$/.test(compact)) return `tel:+44${compact.slice(1)}`;
  return `tel:${compact}`;
}
