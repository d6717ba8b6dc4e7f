import type { Weekday } from '../accounts';

export const REJECTION_REASONS = [
  'invalid_payload',
  'duplicate',
  'paused',
  'out_of_area',
  'outside_schedule',
  'cap_reached',
  'spend_limit_reached',
  'no_credit',
  'unknown_buyer',
  'not_onboarded',
  'suspended',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Every reason a lead did not reach a buyer: a rejection, another industry, or another buyer got it first. */
export const ELIGIBILITY_REASONS = [...REJECTION_REASONS, 'industry', 'not_offered'] as const;

export interface BuyerRules {
  postcodeAreas: string[];
  deliveryDays: Weekday[];
  deliveryStartMinute: number;
  deliveryEndMinute: number;
  timeZone: string;
  paused: boolean;
}

/** Does the postcode ("SW1A 1AA") fall inside an area ("SW"), district ("SW1A") or sector ("SW1A 1")? */
export function inArea(postcode: string, areas: string[]): boolean {
  const [outward = '', inward = ''] = postcode.split(' ');
  const letters = /^[A-Z]+/.exec(outward)?.[0] ?? '';
  return areas.some((a) => {
    if (a.includes(' ')) return `${outward} ${inward.charAt(0)}` === a;
    if (/\d/.test(a)) return outward === a;
    return letters === a;
  });
}

/** Building a DateTimeFormat costs far more than using one: one per time zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const DAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The weekday, minute of the day and date (YYYY-MM-DD) at `at` in the time zone. */
export function localTime(at: Date, timeZone: string): { day: Weekday; minute: number; date: string } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const day = DAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday ?? '')] ?? 'mon';
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute), date: `${parts.year}-${parts.month}-${parts.day}` };
}

export function inSchedule(
  at: Date,
  rules: Pick<BuyerRules, 'deliveryDays' | 'deliveryStartMinute' | 'deliveryEndMinute' | 'timeZone'>,
): boolean {
  const local = localTime(at, rules.timeZone);
  return rules.deliveryDays.includes(local.day) && local.minute >= rules.deliveryStartMinute && local.minute < rules.deliveryEndMinute;
}

/** The checks that need no counting: paused, area, schedule. Caps and credit are checked under the buyer's lock. */
export function staticEligibility(postcode: string, rules: BuyerRules, at: Date): RejectionReason | null {
  if (rules.paused) return 'paused';
  if (!inArea(postcode, rules.postcodeAreas)) return 'out_of_area';
  if (!inSchedule(at, rules)) return 'outside_schedule';
  return null;
}
