import {
  type AdminLeadDto,
  type CampaignDto,
  type LeadColumnDto,
  type LeadContactDto,
  type LeadSummaryDto,
  type ReportDto,
  type MissedLeadDto,
} from '@leadflow/api-client';

export type LeadStatus = LeadSummaryDto['status'];
export type ReportReason = ReportDto['reason'];
export type ReportStatus = ReportDto['status'];
export type Strategy = CampaignDto['strategy'];
type Tone = '' | 'tag-success' | 'tag-warning' | 'tag-danger';

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  delivered: 'Delivered',
  reported: 'Reported',
  refunded: 'Refunded',
  rejected_report: 'Report rejected',
  reprocessed: 'Reprocessed',
};

export const LEAD_STATUS_TONES: Record<LeadStatus, Tone> = {
  delivered: 'tag-success',
  reported: 'tag-warning',
  refunded: '',
  rejected_report: 'tag-danger',
  reprocessed: '',
};

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  wrong_number: 'Wrong number',
  duplicate: 'Duplicate',
  fake: 'Fake details',
  out_of_area: 'Out of my area',
  other: 'Other',
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  pending: 'Awaiting review',
  approved: 'Approved · refunded',
  rejected: 'Rejected',
  reversed: 'Approval reversed · charged again',
};

export const REPORT_STATUS_TONES: Record<ReportStatus, Tone> = {
  pending: 'tag-warning',
  approved: 'tag-success',
  rejected: 'tag-danger',
  reversed: 'tag-danger',
};

export type MissedReason = MissedLeadDto['reason'];

/** Why a lead did not reach a buyer, in the buyer's words: every reason the API gives has its sentence (the type makes sure). */
const MISSED_REASONS: Record<MissedReason, string> = {
  paused: 'Your leads were paused',
  out_of_area: 'Outside your postcode areas',
  outside_schedule: 'Outside your delivery days or hours',
  cap_reached: 'Your daily or weekly cap was reached',
  spend_limit_reached: 'Your weekly or monthly spending limit was reached',
  no_credit: 'Not enough credit',
  duplicate: 'You already had this lead',
  not_offered: 'Another buyer took it first',
  industry: 'Not in your industry',
  not_onboarded: 'Sign-up was not finished',
  suspended: 'Account suspended: the subscription is unpaid',
  invalid_payload: 'Its details did not fit your lead fields (a required field was missing or a value was not one you take)',
  unknown_buyer: 'It was sent to a buyer link that is not yours',
};

export function missedReasonText(reason: string | null): string {
  if (!reason) return '—';
  return MISSED_REASONS[reason as MissedReason] ?? 'Not delivered';
}

/** The same reasons for admins, who see every buyer's record. */
const ELIGIBILITY_REASONS: Record<MissedReason, string> = {
  paused: 'Buyer paused',
  out_of_area: 'Outside the buyer’s areas',
  outside_schedule: 'Outside the buyer’s days or hours',
  cap_reached: 'Buyer’s cap reached',
  spend_limit_reached: 'Buyer’s spending limit reached',
  no_credit: 'Buyer had no credit',
  duplicate: 'Buyer already had it',
  not_offered: 'Not offered (another buyer took it)',
  industry: 'Buyer in another industry',
  not_onboarded: 'Buyer’s sign-up unfinished',
  suspended: 'Buyer suspended (subscription unpaid)',
  invalid_payload: 'Fields did not fit the industry’s columns',
  unknown_buyer: 'No such buyer',
};

export function eligibilityReasonText(reason: string | null): string {
  if (!reason) return '—';
  return ELIGIBILITY_REASONS[reason as MissedReason] ?? 'Not delivered';
}

export const ADMIN_LEAD_STATUS_LABELS: Record<AdminLeadDto['status'], string> = {
  delivered: 'Delivered',
  unsold: 'Unsold',
  rejected: 'Rejected',
};
export const SOURCE_LABELS: Record<AdminLeadDto['source'], string> = { leadbyte: 'LeadByte', supplier: 'Supplier' };

export const STRATEGY_LABELS: Record<Strategy, string> = {
  round_robin: 'Round robin',
  weighted: 'Weighted',
  waterfall: 'Waterfall (by priority)',
  broadcast: 'Broadcast (every buyer)',
};

/** A lead field as text ("" when absent). */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** LeadByte's standard fields (a lead's `contact`), labelled, in the order they are shown after the industry's columns. */
export const CONTACT_LABELS: Record<keyof LeadContactDto, string> = {
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
const CONTACT_KEYS = Object.keys(CONTACT_LABELS);

/**
 * Everything a lead says, by key: its standard fields (`contact`: name, address, phones, email…)
 * and its industry's columns (`fields`), a column's value first where both have the key.
 */
export function leadValues(lead: { fields: Record<string, unknown>; contact?: LeadContactDto }): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(lead.contact ?? {}) };
  for (const [key, value] of Object.entries(lead.fields)) values[key] = value ?? values[key] ?? null;
  return values;
}

/** A lead's standard fields whose keys are not among `keys` (e.g. its industry's columns), labelled, in LeadByte's order. */
export function contactBeyond(contact: LeadContactDto, keys: string[]): { key: string; label: string; value: string }[] {
  return CONTACT_KEYS.filter((k) => !keys.includes(k) && fieldText(contact[k as keyof LeadContactDto]) !== '').map((k) => ({
    key: k,
    label: CONTACT_LABELS[k as keyof LeadContactDto],
    value: fieldText(contact[k as keyof LeadContactDto]),
  }));
}

/** The lead's person: first + last name columns when the industry has them, else the first text column. */
export function leadName(fields: Record<string, unknown>, columns: LeadColumnDto[]): string {
  const first = fieldText(fields.firstname ?? fields.first_name);
  const last = fieldText(fields.lastname ?? fields.last_name);
  const name = [first, last].filter(Boolean).join(' ');
  if (name) return name;
  const text = columns.find((c) => c.type === 'text' && fieldText(fields[c.key]));
  return text ? fieldText(fields[text.key]) : '';
}

/** The keys that hold phone numbers: the industry's phone columns and LeadByte's phone1/phone2. */
export function isPhoneKey(key: string, columns: LeadColumnDto[]): boolean {
  return key === 'phone1' || key === 'phone2' || columns.some((c) => c.key === key && c.type === 'phone');
}

export function leadPhone(fields: Record<string, unknown>, columns: LeadColumnDto[]): string {
  const phone = columns.find((c) => c.type === 'phone' && fieldText(fields[c.key]));
  return phone ? fieldText(fields[phone.key]) : fieldText(fields.phone1 ?? fields.phone);
}

/**
 * The columns to show for a lead (`leadValues`): the industry's, in its order; then the standard
 * fields the industry has no column for (address, other phone…), in LeadByte's order; then any
 * other field (columns can change after a lead arrived), labelled by its key.
 */
export function leadColumnsFor(values: Record<string, unknown>, columns: LeadColumnDto[]): { key: string; label: string }[] {
  const known = new Set(columns.map((c) => c.key));
  const extra = Object.keys(values).filter((k) => !known.has(k));
  const standard = CONTACT_KEYS.filter((k) => extra.includes(k));
  return [
    ...columns.map((c) => ({ key: c.key, label: c.label })),
    ...standard.map((k) => ({ key: k, label: CONTACT_LABELS[k as keyof LeadContactDto] })),
    ...extra.filter((k) => !CONTACT_KEYS.includes(k)).map((k) => ({ key: k, label: k })),
  ];
}

/** Why an erased lead's personal data went, in words for the lead's page. */
export function erasureText(erasedAt: string, reason?: string | null): string {
  const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(erasedAt));
  const why =
    reason === 'request'
      ? 'at the person’s request'
      : reason === 'retention'
        ? 'as its retention period ran out'
        : 'under data protection rules';
  return `Its personal details (name, contact details, address, free text) were erased on ${when}, ${why}. The industry, postcode district, price and dates are kept.`;
}
