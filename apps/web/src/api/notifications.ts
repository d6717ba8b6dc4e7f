import type { NotificationLogItemDto } from '@leadflow/api-client';
import { ukPhone } from './phone';

export type LogChannel = NotificationLogItemDto['channel'];
export type LogOutcome = NotificationLogItemDto['outcome'];

export const LOG_CHANNELS: LogChannel[] = ['email', 'sms', 'webhook'];
export const LOG_OUTCOMES: LogOutcome[] = ['sent', 'pending', 'failed', 'held'];

export const CHANNEL_LABELS: Record<LogChannel, string> = { email: 'Email', sms: 'Text', webhook: 'Webhook' };

export const OUTCOME_LABELS: Record<LogOutcome, string> = {
  sent: 'Sent',
  pending: 'On its way',
  failed: 'Failed',
  held: 'Not sent',
};

/** The badge's colour for an outcome. */
export const OUTCOME_TONES: Record<LogOutcome, '' | 'tag-success' | 'tag-warning' | 'tag-danger'> = {
  sent: 'tag-success',
  pending: '',
  failed: 'tag-danger',
  held: 'tag-warning',
};

/** The emails' and texts' own names for what they were about; webhooks name theirs as event types (lead.send_data). */
const TYPE_LABELS: Record<string, string> = {
  new_lead: 'New lead',
  low_balance: 'Low balance',
  out_of_credit: 'Out of credit',
  payment_failed: 'Payment failed',
  summary: 'New leads (summary)',
  verification: 'Verification code',
  welcome: 'Welcome',
  password_reset: 'Password reset',
  team_invite: 'Team invite',
  report_decided: 'Report decided',
  webhook_failing: 'Webhook failing',
  subscription_invoice_issued: 'Subscription invoice',
  subscription_invoice_paid: 'Subscription receipt',
  subscription_payment_failed: 'Subscription payment failed',
  subscription_suspended: 'Account suspended',
  subscription_reactivated: 'Account active again',
};

/** "new_lead" → "New lead"; a type we have no name for reads as its words ("weekly_invoice" → "Weekly invoice"). */
export function notificationTypeLabel(type: string): string {
  const known = TYPE_LABELS[type];
  if (known) return known;
  const words = type.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A webhook's type is an event type (`lead.send_data`), shown as code rather than words. */
export function isEventType(type: string): boolean {
  return /^[a-z_]+\.[a-z_]+$/.test(type);
}

/** "+447700900123" → "07700 900123"; another country's number stays in its international form. */
export function phoneText(e164: string): string {
  return e164.startsWith('+44') ? ukPhone(e164) : e164;
}

/** 7 → "07:00". */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** "22:00 to 07:00", or null when there are no quiet hours. */
export function quietHoursText(start: number | null, end: number | null): string | null {
  if (start === null || end === null) return null;
  return `${hourLabel(start)} to ${hourLabel(end)}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

/** The calendar month of a date in the browser's time zone, "2026-12". */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** "2026-12" + 1 → "2027-01". */
export function shiftMonth(month: string, by: number): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "2026-12" → "December 2026". */
export function formatMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) return month;
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)),
  );
}

/** "1 text", "3 texts". */
export function countOf(n: number, [one, many]: [string, string]): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/**
 * Some refusals name the field they are about before a colon ("quietEnd: quiet hours must end at
 * another hour…"). Split off the field (when it is one) and keep the rest as a sentence.
 */
export function fieldMessage(message: string): { field?: string; text: string } {
  const m = /^([a-zA-Z]+)((?: and [a-zA-Z]+)*): (.+)$/.exec(message);
  if (!m) return { text: message };
  const rest = m[3]!;
  const text = rest.charAt(0).toUpperCase() + rest.slice(1);
  return m[2] ? { text } : { field: m[1], text };
}
