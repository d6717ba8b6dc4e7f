import type { BillingPeriod } from './entities/plan.entity';

/**
 * Billing periods and proration, as pure functions (billing-periods.spec.ts holds their properties).
 * Periods are whole calendar months in UTC; amounts are minor units.
 */

/** Adds calendar months in UTC, keeping the day where the month has it (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Months in one billing period. */
export const monthsOf = (period: BillingPeriod): number => (period === 'yearly' ? 12 : 1);

/**
 * The billing period that holds `now`, counted back from the end of what is paid (`validUntil`):
 * periods are laid end to end from there, so several paid in advance stay whole.
 */
export function periodAround(validUntil: Date, months: number, now: Date): { start: Date; end: Date; after: number } {
  let end = validUntil;
  let start = addMonths(validUntil, -months);
  let after = 0;
  // Safe bound: a subscription is never paid more than a few hundred periods ahead.
  for (let i = 0; i < 1000 && start.getTime() > now.getTime(); i++) {
    end = start;
    start = addMonths(end, -months);
    after++;
  }
  return { start, end, after };
}

/**
 * What is left of `amount` (the price of the whole period [start, end)) from `now`, to the
 * nearest penny (half up): the full amount at the start, nothing at the end.
 */
export function prorate(amount: number, start: Date, end: Date, now: Date): number {
  const total = BigInt(end.getTime() - start.getTime());
  if (total <= 0n) throw new Error('A period must end after it starts');
  const at = Math.min(Math.max(now.getTime(), start.getTime()), end.getTime());
  const left = BigInt(end.getTime() - at);
  return Number((2n * BigInt(amount) * left + total) / (2n * total));
}

/**
 * What `perPeriod` (a price per billing period) costs from `now` until `validUntil`: the rest of the
 * current period, prorated, plus every whole period already paid for after it.
 */
export function costUntil(perPeriod: number, months: number, validUntil: Date, now: Date): number {
  if (validUntil.getTime() <= now.getTime()) return 0;
  const { start, end, after } = periodAround(validUntil, months, now);
  return prorate(perPeriod, start, end, now) + perPeriod * after;
}
