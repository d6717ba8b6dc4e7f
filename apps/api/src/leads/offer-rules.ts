import type { RejectionReason } from './eligibility';
import type { DuplicateKeys } from './lead-fields';

/**
 * The decisions of an offer that need the buyer's lock (duplicate, caps, credit), as pure
 * functions. The delivery statement (DeliveryRepository) evaluates the same rules in SQL under
 * that lock, in the order `OFFER_CHECKS` gives; offer-rules.spec.ts holds their cases, and the
 * lead e2e tests hold the SQL form to the same answers.
 */

/** What an offer may be refused for under the lock, in the order they are checked: the first that applies is the answer. */
export const OFFER_CHECKS = ['stale', 'duplicate', 'cap_reached', 'spend_limit_reached', 'no_credit'] as const;
export type OfferCheck = (typeof OFFER_CHECKS)[number];
export type OfferRejection = Extract<RejectionReason, 'duplicate' | 'cap_reached' | 'spend_limit_reached' | 'no_credit'>;

/** A lead cap: per local day and per local week (weeks start on Monday); null is no cap. */
export interface Caps {
  dailyCap: number | null;
  weeklyCap: number | null;
}

/** Leads a buyer (or one of its campaign subscriptions) has had today and this week, in its time zone. */
export interface Counts {
  today: number;
  week: number;
}

/** The cap is reached when either count has got to its cap: the next lead would go over it. */
export function capReached(counts: Counts, caps: Caps): boolean {
  return (caps.dailyCap !== null && counts.today >= caps.dailyCap) || (caps.weeklyCap !== null && counts.week >= caps.weeklyCap);
}

/** Whether the caps need counting at all. */
export function hasCap(caps: Caps): boolean {
  return caps.dailyCap !== null || caps.weeklyCap !== null;
}

/** A buyer's spending limits: what its leads may cost per local week (from Monday) and calendar month, minor units; null is no limit. */
export interface SpendLimits {
  weeklySpendLimit: number | null;
  monthlySpendLimit: number | null;
}

/** What the buyer's leads not refunded cost this week and this month, in its time zone, minor units. */
export interface Spent {
  week: number;
  month: number;
}

/**
 * The limit is reached when this lead's price would take the week's or the month's spend past it (a
 * lead that lands exactly on the limit is taken). A free lead never reaches it.
 */
export function spendLimitReached(spent: Spent, limits: SpendLimits, price: number): boolean {
  if (price <= 0) return false;
  return (
    (limits.weeklySpendLimit !== null && spent.week + price > limits.weeklySpendLimit) ||
    (limits.monthlySpendLimit !== null && spent.month + price > limits.monthlySpendLimit)
  );
}

/** Whether the spend needs summing at all. */
export function hasSpendLimit(limits: SpendLimits): boolean {
  return limits.weeklySpendLimit !== null || limits.monthlySpendLimit !== null;
}

/** A lead the buyer had before: its keys and when it was delivered. */
export interface PastDelivery {
  phone: string | null;
  email: string | null;
  deliveredAt: Date;
}

/** A duplicate: the buyer had a lead with the same phone or email key within the window (days) before `now`. */
export function isDuplicate(keys: DuplicateKeys, past: PastDelivery[], now: Date, windowDays: number): boolean {
  const since = now.getTime() - windowDays * 86_400_000;
  return past.some(
    (d) =>
      d.deliveredAt.getTime() > since &&
      ((keys.phone !== null && d.phone === keys.phone) || (keys.email !== null && d.email === keys.email)),
  );
}

/** What the buyer pays for a lead: the price when billable, nothing otherwise (non-billable buyers are never charged). */
export function chargedPrice(billingMode: string, price: number): number {
  return billingMode === 'billable' ? price : 0;
}

/** The answer of the checks under the lock: the first that applies, in `OFFER_CHECKS` order, or null when the buyer takes the lead. */
export function firstRejection(applies: Record<OfferCheck, boolean>): OfferCheck | null {
  return OFFER_CHECKS.find((check) => applies[check]) ?? null;
}
