import type { LeadColumn } from '../catalog';
import { STANDARD_FIELD_KEYS, type LeadContact, type LeadValues } from './lead-fields';

/** Why a lead's personal data was erased: its industry's retention ran out, or the person asked. */
export const ERASURE_REASONS = ['retention', 'request'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/**
 * Column types whose values are about the person: free text (names, notes, anything typed), email,
 * phone and date (a date of birth as often as a moving date). Kept on an erased lead: `number` and
 * `select` (the job's facts from a closed list, such as a roof type or a property value band) and,
 * cut to its district, `postcode`.
 */
export const PERSONAL_COLUMN_TYPES: ReadonlySet<LeadColumn['type']> = new Set<LeadColumn['type']>(['text', 'email', 'phone', 'date']);

/**
 * The standard fields about the person: every one but the postcode (whose district an erased lead
 * keeps). A ping may not carry them.
 */
export const PERSONAL_STANDARD_KEYS: ReadonlySet<string> = new Set([...STANDARD_FIELD_KEYS].filter((key) => key !== 'postcode'));

/**
 * A column about the person (erased with the lead, refused in a ping): one of a personal type, or
 * one named as a personal standard field.
 */
export function isPersonalColumn(column: Pick<LeadColumn, 'key' | 'type'>): boolean {
  return PERSONAL_COLUMN_TYPES.has(column.type) || PERSONAL_STANDARD_KEYS.has(column.key);
}

/** "SW1A 1AA" → "SW1A": the outward code (postcode district), which covers thousands of addresses. */
export function postcodeDistrict(postcode: string | null | undefined): string | null {
  if (!postcode) return null;
  const outward = postcode.trim().toUpperCase().split(/\s+/)[0] ?? '';
  // An unspaced full postcode ("SW1A1AA"): the inward code is always a digit and two letters.
  const district = /^([A-Z]{1,2}\d[A-Z\d]?)\d[A-Z]{2}$/.exec(outward)?.[1] ?? outward;
  return /^[A-Z]{1,2}\d[A-Z\d]?$/.test(district) ? district : null;
}

/**
 * A lead's fields once erased: `number` and `select` columns kept, `postcode` columns cut to the
 * district, every other column (and any key no column names any more) dropped.
 */
export function erasedFields(columns: Pick<LeadColumn, 'key' | 'type'>[], fields: Record<string, unknown>): LeadValues {
  const kept: LeadValues = {};
  for (const column of columns) {
    const value = fields[column.key];
    if (value === undefined || PERSONAL_COLUMN_TYPES.has(column.type)) continue;
    if (column.type === 'postcode') kept[column.key] = typeof value === 'string' ? postcodeDistrict(value) : null;
    else if (value === null || typeof value === 'string' || typeof value === 'number') kept[column.key] = value;
  }
  return kept;
}

/** A lead's standard fields once erased: only the postcode's district is left. */
export function erasedContact(contact: LeadContact): LeadContact {
  const district = postcodeDistrict(contact.postcode);
  return district ? { postcode: district } : {};
}
