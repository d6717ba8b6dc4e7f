import type {
  CardDto,
  IntegrationStateDto,
  LeadPreferencesViewDto,
  LedgerEntryDto,
  OnboardingStateDto,
  PaymentDto,
} from '@leadflow/api-client';

/** Minor units → "£25.00". */
export function formatMoney(minor: number, currency = 'GBP'): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100);
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** A calendar day ("2026-12-04") → "4 Dec 2026", the same day wherever the browser is. */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** "Visa •••• 4242". */
export function cardLabel(card: Pick<CardDto, 'brand' | 'last4'>): string {
  const brand = BRANDS[card.brand.toLowerCase()] ?? card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} •••• ${card.last4}`;
}

export function cardExpiry(card: Pick<CardDto, 'expMonth' | 'expYear'>): string {
  return `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear).slice(-2)}`;
}

export type IntegrationKind = IntegrationStateDto['kind'];
export type IntegrationStatus = IntegrationStateDto['status'];

export const INTEGRATION_NAMES: Record<IntegrationKind, string> = {
  stripe_customer: 'Stripe',
  leadbyte_buyer: 'LeadByte',
  xero_contact: 'Xero',
};

/** "ready", "setting up…", "failed: <error>". */
export function integrationStatusText(state: Pick<IntegrationStateDto, 'status' | 'lastError'>): string {
  switch (state.status) {
    case 'done':
      return 'ready';
    case 'pending':
      return 'setting up…';
    case 'waiting':
      return state.lastError ? `waiting: ${state.lastError}` : 'waiting';
    case 'failed':
      return `failed: ${state.lastError ?? 'unknown error'}`;
  }
}

export type OnboardingStep = OnboardingStateDto['step'];
export type WizardStep = OnboardingStateDto['steps'][number];

export const STEP_LABELS: Record<OnboardingStep, string> = {
  business_details: 'Business details',
  lead_preferences: 'Lead preferences',
  card: 'Card',
  complete: 'Complete',
};

export type Weekday = LeadPreferencesViewDto['deliveryDays'][number];

export const WEEKDAYS: { day: Weekday; short: string; long: string }[] = [
  { day: 'mon', short: 'Mon', long: 'Monday' },
  { day: 'tue', short: 'Tue', long: 'Tuesday' },
  { day: 'wed', short: 'Wed', long: 'Wednesday' },
  { day: 'thu', short: 'Thu', long: 'Thursday' },
  { day: 'fri', short: 'Fri', long: 'Friday' },
  { day: 'sat', short: 'Sat', long: 'Saturday' },
  { day: 'sun', short: 'Sun', long: 'Sunday' },
];

/** "Mon–Fri", "Mon, Wed, Sat", "Every day". */
export function formatDays(days: Weekday[]): string {
  const indexes = WEEKDAYS.map((w, i) => (days.includes(w.day) ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === 7) return 'Every day';
  if (indexes.length === 0) return 'No days';
  const consecutive = indexes.every((i, n) => n === 0 || i === (indexes[n - 1] ?? -2) + 1);
  const first = WEEKDAYS[indexes[0] ?? 0];
  const last = WEEKDAYS[indexes[indexes.length - 1] ?? 0];
  if (consecutive && indexes.length > 2 && first && last) return `${first.short}–${last.short}`;
  return indexes.map((i) => WEEKDAYS[i]?.short).join(', ');
}

export const BILLING_MODE_LABELS = { billable: 'Billable', non_billable: 'Non-billable' } as const;
export const CLIENT_STATUS_LABELS = { onboarding: 'Onboarding', active: 'Active', paused: 'Paused', suspended: 'Suspended' } as const;

/** "+£50.00" / "−£12.50": ledger movements read as movements. */
export function formatSignedMoney(minor: number, currency = 'GBP'): string {
  if (minor === 0) return formatMoney(0, currency);
  return `${minor > 0 ? '+' : '−'}${formatMoney(Math.abs(minor), currency)}`;
}

export type PaymentStatus = PaymentDto['status'];
export type PaymentKind = PaymentDto['kind'];
export type LedgerKind = LedgerEntryDto['kind'];

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Processing',
  requires_action: 'Needs approval',
  succeeded: 'Paid',
  failed: 'Failed',
  canceled: 'Cancelled',
};

/** The badge's colour for a payment status. */
export const PAYMENT_STATUS_TONES: Record<PaymentStatus, '' | 'tag-success' | 'tag-warning' | 'tag-danger'> = {
  pending: '',
  requires_action: 'tag-warning',
  succeeded: 'tag-success',
  failed: 'tag-danger',
  canceled: '',
};

export const PAYMENT_KIND_LABELS: Record<PaymentKind, string> = {
  manual_top_up: 'Top-up',
  auto_charge: 'Auto-charge',
  weekly_request: 'Weekly invoice',
  subscription: 'Subscription',
};

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  top_up: 'Top-up',
  auto_charge: 'Auto-charge',
  weekly_payment: 'Weekly payment',
  lead_charge: 'Lead',
  usage_charge: 'Text alert',
  refund: 'Refund',
  adjustment: 'Adjustment',
};

/** Still moving: Stripe (or the cardholder) has yet to settle it. */
export function paymentInFlight(status: PaymentStatus): boolean {
  return status === 'pending' || status === 'requires_action';
}
