import { createHash } from 'node:crypto';
import type { LeadColumn } from '../catalog';
import { normalisePostcode } from '../accounts';

export interface FieldProblem {
  field: string;
  message: string;
}

export type LeadValues = Record<string, string | number | null>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

/** An email as leads keep it (trimmed, lower-cased), or null when it is not one. */
export function normaliseEmail(value: string): string | null {
  const text = value.trim();
  return EMAIL.test(text) ? text.toLowerCase() : null;
}

/**
 * LeadByte's standard lead fields: every lead keeps the ones it carries (its contact), whatever its
 * industry's columns, under these names. Industry columns are extra, not instead.
 */
export const STANDARD_FIELDS = [
  { key: 'title', label: 'Title', type: 'text', max: 20 },
  { key: 'firstname', label: 'First name', type: 'text', max: 100 },
  { key: 'lastname', label: 'Last name', type: 'text', max: 100 },
  { key: 'company', label: 'Company', type: 'text', max: 200 },
  { key: 'email', label: 'Email', type: 'email', max: 254 },
  { key: 'phone1', label: 'Phone', type: 'phone', max: 40 },
  { key: 'phone2', label: 'Other phone', type: 'phone', max: 40 },
  { key: 'street1', label: 'Address line 1', type: 'text', max: 200 },
  { key: 'street2', label: 'Address line 2', type: 'text', max: 200 },
  { key: 'street3', label: 'Address line 3', type: 'text', max: 200 },
  { key: 'towncity', label: 'Town or city', type: 'text', max: 100 },
  { key: 'county', label: 'County', type: 'text', max: 100 },
  { key: 'postcode', label: 'Postcode', type: 'postcode', max: 20 },
  { key: 'country', label: 'Country', type: 'text', max: 100 },
  { key: 'dob', label: 'Date of birth', type: 'date', max: 30 },
] as const;

export type StandardFieldKey = (typeof STANDARD_FIELDS)[number]['key'];
export const STANDARD_FIELD_KEYS: ReadonlySet<string> = new Set(STANDARD_FIELDS.map((f) => f.key));

/** A lead's standard fields as stored: only those it carried, normalised. */
export type LeadContact = Partial<Record<StandardFieldKey, string>>;

/** The keys of the duplicate check: hashes of the lead's normalised phone and email, with its industry. */
export interface DuplicateKeys {
  phone: string | null;
  email: string | null;
}

/**
 * A UK phone number in E.164 (+44…), or null when it is not one. Takes it as forms send it: with or
 * without +44, 0044 or 44, the trunk 0 or "(0)" after the country code, spaces, dashes, dots and brackets.
 */
export function normaliseUkPhone(value: string): string | null {
  const digits = value
    .trim()
    .replace(/^(\+?44|0044)\s*\(0\)/, '$1')
    .replace(/[\s().-]/g, '');
  let national: string;
  if (/^\+44\d{9,11}$/.test(digits)) national = digits.slice(3);
  else if (/^0044\d{9,11}$/.test(digits)) national = digits.slice(4);
  else if (/^44\d{9,11}$/.test(digits)) national = digits.slice(2);
  else if (/^0\d{9,10}$/.test(digits)) national = digits.slice(1);
  else return null;
  // After the country code, a trunk 0 typed out of habit ("+44 07700…"): no UK number starts with 0, so it can only be that.
  if (national.length === 11 && national.startsWith('0')) national = national.slice(1);
  if (national.startsWith('0') || national.length < 9 || national.length > 10) return null;
  return `+44${national}`;
}

/**
 * The value of a scalar field as text: strings trimmed, numbers as LeadByte sends them (digits), null
 * when absent or empty; an object, array or boolean is refused (`invalid`) rather than stored as
 * "[object Object]" or "true".
 */
function scalarText(raw: unknown): { text: string } | { invalid: string } {
  if (raw === undefined || raw === null) return { text: '' };
  if (typeof raw === 'string') return { text: raw.trim() };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { text: String(raw) };
  if (typeof raw === 'bigint') return { text: String(raw) };
  const kind = Array.isArray(raw)
    ? 'a list'
    : typeof raw === 'boolean'
      ? 'true or false'
      : typeof raw === 'number'
        ? 'not a finite number'
        : `an ${typeof raw}`;
  return { invalid: kind };
}

/** "YYYY-MM-DD", or the UK's "DD/MM/YYYY" (or with dashes or dots), as YYYY-MM-DD; null when not a date. */
function isoDate(text: string, ukOrder: boolean): string | null {
  let iso: string | null = /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
  const uk = ukOrder ? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text) : null;
  if (uk) iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Text compared loosely: case, spacing and punctuation ("Pitched - tiles" ~ "pitched tiles"). */
const loose = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The option a select value means: an option or one of its aliases, compared loosely; undefined when none. */
export function selectOption(column: Pick<LeadColumn, 'options' | 'aliases'>, text: string): string | undefined {
  const wanted = loose(text);
  if (wanted === '') return undefined;
  const options = column.options ?? [];
  return (
    options.find((o) => loose(o) === wanted) ?? options.find((o) => (column.aliases?.[o] ?? []).some((alias) => loose(alias) === wanted))
  );
}

/** How a field is named in problems: its key, or what the caller calls it (e.g. LeadByte's `data1 (roof_type)`). */
export type FieldName = (key: string) => string;
const ownName: FieldName = (key) => key;

/**
 * Checks a lead's fields against its industry's columns: required fields present, each value of
 * its type; phones to E.164, postcodes and emails normalised. Only the industry's columns are kept.
 */
export function validateLeadFields(
  columns: LeadColumn[],
  input: Record<string, unknown>,
  name: FieldName = ownName,
): { values: LeadValues; problems: FieldProblem[] } {
  const values: LeadValues = {};
  const problems: FieldProblem[] = [];
  for (const column of columns) {
    const field = name(column.key);
    const problem = (message: string) => problems.push({ field, message: `${field} ${message}` });
    const scalar = scalarText(input[column.key]);
    if ('invalid' in scalar) {
      problem(`must be a single value (text or a number), not ${scalar.invalid}`);
      continue;
    }
    const text = scalar.text;
    if (text === '') {
      if (column.required) problem('is required');
      else values[column.key] = null;
      continue;
    }
    if (text.length > 1_000) {
      problem('is too long (at most 1000 characters)');
      continue;
    }
    switch (column.type) {
      case 'email':
        if (!EMAIL.test(text)) problem('must be an email address');
        else values[column.key] = text.toLowerCase();
        break;
      case 'phone': {
        const phone = normaliseUkPhone(text);
        if (!phone) problem('must be a UK phone number');
        else values[column.key] = phone;
        break;
      }
      case 'postcode': {
        const postcode = normalisePostcode(text);
        if (!postcode) problem('must be a UK postcode');
        else values[column.key] = postcode;
        break;
      }
      case 'number': {
        const n = Number(text.replace(/[,£]/g, ''));
        if (!Number.isFinite(n)) problem('must be a number');
        else values[column.key] = n;
        break;
      }
      case 'date': {
        const iso = isoDate(text, false);
        if (!iso) problem('must be a date (YYYY-MM-DD)');
        else values[column.key] = iso;
        break;
      }
      case 'select': {
        const match = selectOption(column, text);
        if (!match) problem(`must be one of ${column.options?.join(', ') ?? '(no options)'}`);
        else values[column.key] = match;
        break;
      }
      default:
        values[column.key] = text;
    }
  }
  return { values, problems };
}

/**
 * The standard fields a lead carries (`STANDARD_FIELDS`), each checked and normalised: text trimmed
 * and capped, emails lower-cased, phones to E.164, postcodes formatted, dates to YYYY-MM-DD. All are
 * optional here; an industry makes one required by having a column of that name.
 */
export function validateContact(input: Record<string, unknown>): { contact: LeadContact; problems: FieldProblem[] } {
  const contact: LeadContact = {};
  const problems: FieldProblem[] = [];
  for (const f of STANDARD_FIELDS) {
    const problem = (message: string) => problems.push({ field: f.key, message: `${f.key} ${message}` });
    const scalar = scalarText(input[f.key]);
    if ('invalid' in scalar) {
      problem(`must be a single value (text or a number), not ${scalar.invalid}`);
      continue;
    }
    const text = scalar.text.replace(/\s+/g, ' ');
    if (text === '') continue;
    if (text.length > f.max) {
      problem(`is too long (at most ${f.max} characters)`);
      continue;
    }
    let value: string | null = text;
    if (f.type === 'email') value = EMAIL.test(text) ? text.toLowerCase() : null;
    else if (f.type === 'phone') value = normaliseUkPhone(text);
    else if (f.type === 'postcode') value = normalisePostcode(text);
    else if (f.type === 'date') value = isoDate(text, true);
    if (value === null) {
      const what = {
        email: 'an email address',
        phone: 'a UK phone number',
        postcode: 'a UK postcode',
        date: 'a date (YYYY-MM-DD or DD/MM/YYYY)',
      }[f.type as 'email' | 'phone' | 'postcode' | 'date'];
      problem(`must be ${what}`);
      continue;
    }
    contact[f.key] = value;
  }
  return { contact, problems };
}

/**
 * A whole lead: the industry's columns (`validateLeadFields`) and the standard fields
 * (`validateContact`). Where the industry has a column of a standard name, that column decides
 * (its type, whether required) and the problem is reported once, under its name; the contact keeps
 * the column's value then. The postcode is the industry's postcode column, else the standard one.
 */
export function validateLead(
  columns: LeadColumn[],
  input: Record<string, unknown>,
  name: FieldName = ownName,
): { values: LeadValues; contact: LeadContact; postcode: string | null; problems: FieldProblem[] } {
  const { values, problems } = validateLeadFields(columns, input, name);
  const checked = validateContact(input);
  const contact: LeadContact = {};
  const columnKeys = new Set(columns.map((c) => c.key));
  for (const f of STANDARD_FIELDS) {
    if (!columnKeys.has(f.key)) {
      if (checked.contact[f.key] !== undefined) contact[f.key] = checked.contact[f.key];
      continue;
    }
    const value = values[f.key] ?? checked.contact[f.key];
    if (value !== null && value !== undefined) contact[f.key] = String(value);
  }
  for (const p of checked.problems) if (!columnKeys.has(p.field)) problems.push(p);
  const postcode = typeof values.postcode === 'string' ? values.postcode : (contact.postcode ?? null);
  return { values, contact, postcode, problems };
}

const keyOf = (industryId: string, value: string) => createHash('sha256').update(`${industryId}|${value}`).digest('hex');

/**
 * The duplicate check's keys: the lead's normalised phone (the standard `phone1`, else its first
 * phone column, else `phone2`) and email (the standard `email`, else its first email column), each
 * with the industry. A lead is a duplicate for a buyer when either matches a lead it had.
 */
export function duplicateKeysOf(
  industryId: string,
  columns: LeadColumn[],
  values: Record<string, unknown>,
  contact: LeadContact,
): DuplicateKeys {
  const firstOf = (type: LeadColumn['type']) => {
    const column = columns.find((c) => c.type === type && typeof values[c.key] === 'string' && values[c.key] !== '');
    return column ? (values[column.key] as string) : undefined;
  };
  const phone = contact.phone1 ?? firstOf('phone') ?? contact.phone2;
  const email = contact.email ?? firstOf('email');
  return { phone: phone ? keyOf(industryId, phone) : null, email: email ? keyOf(industryId, email) : null };
}

/**
 * A lead as lines for people (the new-lead email): the industry's columns in order, then the standard
 * fields it carries that the industry has no column for, with their labels.
 */
export function describeLead(
  columns: LeadColumn[],
  fields: Record<string, unknown>,
  contact: LeadContact,
): Array<{ label: string; value: string }> {
  const shown = (v: unknown) =>
    v === null || v === undefined || v === '' ? null : typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  const keys = new Set(columns.map((c) => c.key));
  const lines: Array<{ label: string; value: string }> = [];
  for (const c of columns) {
    const value = shown(fields[c.key] ?? contact[c.key as StandardFieldKey]);
    if (value !== null) lines.push({ label: c.label, value });
  }
  for (const f of STANDARD_FIELDS) {
    const value = keys.has(f.key) ? null : shown(contact[f.key]);
    if (value !== null) lines.push({ label: f.label, value });
  }
  return lines;
}
