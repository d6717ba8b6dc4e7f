import type { LeadColumn } from '../catalog';
import { PERSONAL_COLUMN_TYPES } from './lead-erasure';
import { ukPhone } from './uk-phone';

/** A delivered lead as the export reads it. */
export interface LeadExportRow {
  id: string;
  deliveredAt: Date;
  status: string;
  reportStatus: string | null;
  price: number;
  currency: string;
  postcode: string | null;
  fields: Record<string, unknown>;
  contact: Record<string, unknown>;
  /** Set when the lead's personal data was erased: its personal columns read ERASED. */
  erasedAt: Date | null;
}

/** What an erased lead's personal cells read. */
export const ERASED = '(erased)';

export interface LeadsCsvColumn {
  label: string;
  value: (lead: LeadExportRow) => string;
}

const STATUS_WORDS: Record<string, string> = {
  delivered: 'Delivered',
  reported: 'Reported',
  refunded: 'Refunded',
  rejected_report: 'Report rejected',
  reprocessed: 'Reprocessed',
};
const REPORT_WORDS: Record<string, string> = { pending: 'Awaiting review', approved: 'Approved, refunded', rejected: 'Rejected' };

/** LeadByte's standard fields (a lead's `contact`), in the order they follow the industry's columns. */
const CONTACT_LABELS: Record<string, string> = {
  title: 'Title',
  firstname: 'First name',
  lastname: 'Last name',
  company: 'Company',
  email: 'Email',
  phone1: 'Phone',
  phone2: 'Other phone',
  street1: 'Address line 1',
  street2: 'Address line 2',
  street3: 'Address line 3',
  towncity: 'Town or city',
  county: 'County',
  postcode: 'Postcode',
  country: 'Country',
  dob: 'Date of birth',
};
const PHONE_KEYS = new Set(['phone1', 'phone2']);

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A column's value, or the standard field of the same key when the column is empty. */
const valueOf = (lead: LeadExportRow, key: string) => text(lead.fields[key] ?? lead.contact[key]);

/**
 * The leads export's columns for one industry: the delivery (when, status, report, price), the
 * industry's columns in its order, the standard fields it has no column for (address…), then the
 * lead's id (with any field no column names, as JSON, before it). Each label appears once: a postcode is one "Postcode" column, the industry's when it
 * has one (filled from the lead's postcode when the field is empty). Phones read as UK numbers.
 */
export function leadsCsvColumns(industryColumns: LeadColumn[]): LeadsCsvColumn[] {
  const columns: LeadsCsvColumn[] = [
    { label: 'Delivered', value: (l) => l.deliveredAt.toISOString() },
    { label: 'Status', value: (l) => STATUS_WORDS[l.status] ?? l.status },
    { label: 'Report', value: (l) => (l.reportStatus ? (REPORT_WORDS[l.reportStatus] ?? l.reportStatus) : '') },
    { label: 'Price', value: (l) => (l.price / 100).toFixed(2) },
    { label: 'Currency', value: (l) => l.currency },
  ];
  const labels = new Set(columns.map((c) => c.label.toLowerCase()));
  const keys = new Set<string>();
  const add = (key: string, label: string, value: LeadsCsvColumn['value'], personal = false) => {
    if (labels.has(label.toLowerCase()) || keys.has(key)) return;
    labels.add(label.toLowerCase());
    keys.add(key);
    columns.push({ label, value: personal ? (l) => (l.erasedAt ? ERASED : value(l)) : value });
  };
  for (const c of industryColumns) {
    const personal = PERSONAL_COLUMN_TYPES.has(c.type);
    if (c.type === 'postcode') add(c.key, c.label, (l) => valueOf(l, c.key) || (l.postcode ?? ''));
    else if (c.type === 'phone') add(c.key, c.label, (l) => ukPhone(valueOf(l, c.key)), personal);
    else add(c.key, c.label, (l) => valueOf(l, c.key), personal);
  }
  const hasPostcode = industryColumns.some((c) => c.type === 'postcode');
  for (const [key, label] of Object.entries(CONTACT_LABELS)) {
    if (key === 'postcode' && hasPostcode) continue;
    if (key === 'postcode') add(key, label, (l) => valueOf(l, key) || (l.postcode ?? ''));
    else if (PHONE_KEYS.has(key)) add(key, label, (l) => ukPhone(valueOf(l, key)), true);
    else add(key, label, (l) => valueOf(l, key), true);
  }
  // Fields under keys no column names (the industry's columns changed since the lead came): kept, as JSON.
  columns.push({
    label: 'Other fields',
    value: (l) => {
      const rest = Object.entries(l.fields).filter(([key, v]) => !keys.has(key) && v !== null && v !== undefined && v !== '');
      return rest.length > 0 ? JSON.stringify(Object.fromEntries(rest)) : '';
    },
  });
  columns.push({ label: 'Lead ID', value: (l) => l.id });
  return columns;
}
