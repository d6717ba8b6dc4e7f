import { createHash } from 'node:crypto';
import type { LeadColumn } from '../onboarding/entities/industry.entity';
import { normalisePostcode } from '../onboarding/postcodes';

export interface FieldProblem {
  field: string;
  message: string;
}

export type LeadValues = Record<string, string | number | null>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

/** A UK phone number in E.164 (+44…), or null when it is not one. */
export function normaliseUkPhone(value: string): string | null {
  const digits = value.replace(/[\s().-]/g, '');
  let national: string | null = null;
  if (/^\+44\d{9,10}$/.test(digits)) national = digits.slice(3);
  else if (/^0044\d{9,10}$/.test(digits)) national = digits.slice(4);
  else if (/^0\d{9,10}$/.test(digits)) national = digits.slice(1);
  if (!national || national.startsWith('0') || national.length < 9 || national.length > 10) return null;
  return `+44${national}`;
}

/**
 * Checks a lead's fields against its industry's columns: required fields present, each value of
 * its type; phones to E.164, postcodes and emails normalised. Unknown fields are kept as text.
 */
export function validateLeadFields(columns: LeadColumn[], input: Record<string, unknown>): { values: LeadValues; problems: FieldProblem[] } {
  const values: LeadValues = {};
  const problems: FieldProblem[] = [];
  for (const column of columns) {
    const raw = input[column.key];
    const text = raw === undefined || raw === null ? '' : String(raw).trim();
    if (text === '') {
      if (column.required) problems.push({ field: column.key, message: `${column.key} is required` });
      else values[column.key] = null;
      continue;
    }
    if (text.length > 1_000) {
      problems.push({ field: column.key, message: `${column.key} is too long (at most 1000 characters)` });
      continue;
    }
    switch (column.type) {
      case 'email':
        if (!EMAIL.test(text)) problems.push({ field: column.key, message: `${column.key} must be an email address` });
        else values[column.key] = text.toLowerCase();
        break;
      case 'phone': {
        const phone = normaliseUkPhone(text);
        if (!phone) problems.push({ field: column.key, message: `${column.key} must be a UK phone number` });
        else values[column.key] = phone;
        break;
      }
      case 'postcode': {
        const postcode = normalisePostcode(text);
        if (!postcode) problems.push({ field: column.key, message: `${column.key} must be a UK postcode` });
        else values[column.key] = postcode;
        break;
      }
      case 'number': {
        const n = Number(text.replace(/[,£]/g, ''));
        if (!Number.isFinite(n)) problems.push({ field: column.key, message: `${column.key} must be a number` });
        else values[column.key] = n;
        break;
      }
      case 'date': {
        const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
        if (!iso || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) problems.push({ field: column.key, message: `${column.key} must be a date (YYYY-MM-DD)` });
        else values[column.key] = iso;
        break;
      }
      case 'select': {
        const match = column.options?.find((o) => o.toLowerCase() === text.toLowerCase());
        if (!match) problems.push({ field: column.key, message: `${column.key} must be one of ${column.options?.join(', ') ?? '(no options)'}` });
        else values[column.key] = match;
        break;
      }
      default:
        values[column.key] = text;
    }
  }
  return { values, problems };
}

/** The duplicate check's key: the normalised phone (or email) with the industry. */
export function fingerprintOf(industryId: string, values: LeadValues): string | null {
  const phone = Object.entries(values).find(([k, v]) => /phone/.test(k) && typeof v === 'string')?.[1];
  const email = Object.entries(values).find(([k, v]) => /email/.test(k) && typeof v === 'string')?.[1];
  const key = phone ?? email;
  return key ? createHash('sha256').update(`${industryId}|${String(key)}`).digest('hex') : null;
}
