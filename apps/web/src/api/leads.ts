import type { AdminLeadDto, CampaignDto, LeadColumnDto, LeadSummaryDto, ReportDto } from '@leadflow/api-client';

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
};

export const REPORT_STATUS_TONES: Record<ReportStatus, Tone> = {
  pending: 'tag-warning',
  approved: 'tag-success',
  rejected: 'tag-danger',
};

/** Why a lead did not reach a buyer, in the buyer's words. */
const MISSED_REASONS: Record<string, string> = {
  paused: 'Your leads were paused',
  out_of_area: 'Outside your postcode areas',
  outside_schedule: 'Outside your delivery days or hours',
  cap_reached: 'Your daily or weekly cap was reached',
  no_credit: 'Not enough credit',
  duplicate: 'You already had this lead',
  not_offered: 'Another buyer took it first',
  industry: 'Not in your industry',
  not_onboarded: 'Sign-up was not finished',
};

export function missedReasonText(reason: string | null): string {
  if (!reason) return '—';
  return MISSED_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

/** The same reasons for admins, who see every buyer's record. */
const ELIGIBILITY_REASONS: Record<string, string> = {
  paused: 'Paused',
  out_of_area: 'Out of area',
  outside_schedule: 'Outside schedule',
  cap_reached: 'Cap reached',
  no_credit: 'No credit',
  duplicate: 'Duplicate',
  not_offered: 'Not offered (another buyer took it)',
  industry: 'Other industry',
  not_onboarded: 'Not onboarded',
};

export function eligibilityReasonText(reason: string | null): string {
  if (!reason) return '—';
  return ELIGIBILITY_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

export const ADMIN_LEAD_STATUS_LABELS: Record<AdminLeadDto['status'], string> = { delivered: 'Delivered', unsold: 'Unsold', rejected: 'Rejected' };
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

/** The lead's person: first + last name columns when the industry has them, else the first text column. */
export function leadName(fields: Record<string, unknown>, columns: LeadColumnDto[]): string {
  const first = fieldText(fields.firstname ?? fields.first_name);
  const last = fieldText(fields.lastname ?? fields.last_name);
  const name = [first, last].filter(Boolean).join(' ');
  if (name) return name;
  const text = columns.find((c) => c.type === 'text' && fieldText(fields[c.key]));
  return text ? fieldText(fields[text.key]) : '';
}

export function leadPhone(fields: Record<string, unknown>, columns: LeadColumnDto[]): string {
  const phone = columns.find((c) => c.type === 'phone' && fieldText(fields[c.key]));
  return phone ? fieldText(fields[phone.key]) : fieldText(fields.phone1 ?? fields.phone);
}

/**
 * The columns to show for a lead: the industry's, in its order; then any field the industry no
 * longer lists (columns can change after a lead arrived), labelled by its key.
 */
export function leadColumnsFor(fields: Record<string, unknown>, columns: LeadColumnDto[]): { key: string; label: string }[] {
  const known = new Set(columns.map((c) => c.key));
  return [...columns.map((c) => ({ key: c.key, label: c.label })), ...Object.keys(fields).filter((k) => !known.has(k)).map((k) => ({ key: k, label: k }))];
}

/**
 * One CSV cell: quoted when it must be, and never read as a formula by a spreadsheet (lead fields
 * come from the public). "+447700…" and "-5" stay as they are: a sign before a digit is a number.
 */
export function csvCell(value: string): string {
  const safe = /^[=@\t\r]|^[+-](?![\d.])/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
