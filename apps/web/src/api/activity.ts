import { formatMoney } from './format';

/** The activity log's actions, as a sentence a client reads. */
const ACTION_TEXT: Record<string, string> = {
  'onboarding.completed': 'Finished signing up',
  'business_details.submitted': 'Submitted the business details',
  'business_details.updated': 'Changed the business details',
  'lead_preferences.updated': 'Changed the lead preferences',
  'notification_preferences.updated': 'Changed the email notifications',
  'billing_mode.changed': 'Changed the billing mode',
  'auto_charge.updated': 'Changed auto-charge',
  'credit.adjusted': 'Adjusted the credit',
  'credit_terms.updated': 'Changed the credit terms',
  'card.added': 'Added a card',
  'card.made_default': 'Made a card the default',
  'card.removed': 'Removed a card',
  'lead.reported': 'Reported a lead',
  'lead_report.approved': 'Approved a lead report',
  'lead_report.rejected': 'Rejected a lead report',
  'campaign_subscription.saved': 'Saved a campaign subscription',
  'campaign_subscription.removed': 'Removed a campaign subscription',
  'webhook_endpoint.created': 'Added a webhook endpoint',
  'webhook_endpoint.updated': 'Changed a webhook endpoint',
  'webhook_endpoint.deleted': 'Deleted a webhook endpoint',
  'webhook_endpoint.secret_rotated': 'Rotated a webhook signing secret',
  'sms_number.added': 'Added a mobile number for text alerts',
  'sms_number.verified': 'Verified a mobile number for text alerts',
  'sms_number.updated': 'Changed the text alerts of a mobile number',
  'sms_number.removed': 'Removed a mobile number for text alerts',
  'subscription.started': 'Started the plan',
  'subscription.seats_comped': 'Changed the free seats',
};

/** "lead_preferences.updated" → "Changed the lead preferences"; unknown actions still read as words. */
export function actionText(action: string): string {
  const known = ACTION_TEXT[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const KEY_LABELS: Record<string, string> = {
  newLead: 'new lead emails',
  lowBalance: 'low balance emails',
  payments: 'payment emails',
  invoices: 'invoice emails',
  webhookFailures: 'webhook failure emails',
  emailNewLeads: 'new lead emails',
  url: 'URL',
  last4: 'last 4 digits',
  seatLimit: 'seat limit',
  compedSeats: 'free seats',
  seatsIncluded: 'plan seats',
};

/** A text alert number's settings share names with the email preferences (`lowBalance`), but are texts. */
const SMS_NUMBER_KEY_LABELS: Record<string, string> = {
  phone: 'number',
  newLeads: 'new lead texts',
  lowBalance: 'low balance texts',
  paymentFailed: 'payment failed texts',
  quietStart: 'quiet hours from',
  quietEnd: 'quiet hours until',
};

/** "eventTypes" → "event types". */
function keyLabel(key: string, action?: string): string {
  return (
    (action?.startsWith('sms_number.') ? SMS_NUMBER_KEY_LABELS[key] : undefined) ??
    KEY_LABELS[key] ??
    key
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/_/g, ' ')
      .toLowerCase()
  );
}

/** Amounts in the log are minor units. */
const MONEY_KEY = /amount|balance|refund|limit|threshold|price|cost/i;
/** Ids mean nothing to a reader; the action already says what was touched. */
const HIDDEN_KEY = /Id$/;
const MAX_TEXT = 80;

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return MONEY_KEY.test(key) ? formatMoney(value) : String(value);
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : clip(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', '));
  if (typeof value === 'object') return clip(JSON.stringify(value));
  return clip(String(value));
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One field: its old and new value (either absent when the field is new or gone), or what a list gained and lost. */
export type Change = { key: string; label: string } & (
  { kind: 'value'; from?: string; to?: string } | { kind: 'list'; added?: string; removed?: string }
);

/**
 * What changed between `before` and `after`, one line per field that differs: "daily cap 10 → 20",
 * lists as what was added and removed. A creation lists the new values, a deletion the old ones.
 */
export function describeChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  /** The action they belong to, where a field's name means something else in it. */
  action?: string,
): Change[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => !HIDDEN_KEY.test(k));
  const changes: Change[] = [];
  for (const key of keys) {
    const had = before !== null && key in before;
    const has = after !== null && key in after;
    const old = before?.[key];
    const now = after?.[key];
    if (had && has && same(old, now)) continue;
    const label = keyLabel(key, action);
    if (had && has && Array.isArray(old) && Array.isArray(now)) {
      const added = now.filter((v) => !old.some((o) => same(o, v)));
      const removed = old.filter((v) => !now.some((n) => same(n, v)));
      if (added.length + removed.length > 0) {
        changes.push({
          key,
          label,
          kind: 'list',
          ...(added.length ? { added: valueText(key, added) } : {}),
          ...(removed.length ? { removed: valueText(key, removed) } : {}),
        });
        continue;
      }
    }
    changes.push({ key, label, kind: 'value', ...(had ? { from: valueText(key, old) } : {}), ...(has ? { to: valueText(key, now) } : {}) });
  }
  return changes;
}
