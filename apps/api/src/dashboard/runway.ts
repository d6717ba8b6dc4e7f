/**
 * Balance runway: when will the credit run out, and will auto-charge fire first?
 *
 * The model: the next weeks look like the last two, hour by hour. The spend in each future hour is
 * the average of what was spent in that same hour of the week one and two weeks ago (net of refunds,
 * never below zero) — so nights, weekends and the buyer's delivery schedule are in the forecast
 * without being modelled. Walking forward an hour at a time (spend spread evenly within the hour):
 * - auto-charge fires at the moment the balance would fall below its threshold (if it is on);
 * - the credit runs out at the moment the balance can no longer pay for a lead: leads are whole, so
 *   when the leads it can still pay for are spent (what is left is less than one lead's price),
 *   counting no auto-charge top-up. When it cannot pay for one already, leads are being refused
 *   now: the run-out is now.
 * - a lead refused for credit starts an auto-charge too, so with auto-charge on the charge is never
 *   after the run-out: it happens at the run-out at the latest. The events stay in a possible order.
 * The forecast looks 90 days ahead at most.
 */

export const RUNWAY_BASIS_DAYS = 14;
const HOUR = 3_600_000;
const WEEK_HOURS = 168;
const HORIZON_HOURS = 90 * 24;

export interface RunwayInput {
  now: Date;
  balance: number;
  creditLimit: number;
  autoCharge: { enabled: boolean; threshold: number; amount: number } | null;
  /** The most a lead costs this client (0 when unknown): below this (over the credit limit) leads are refused. */
  leadPrice?: number;
  /** Ledger movements from lead charges (negative) and refunds (positive) in the basis window. */
  movements: Array<{ at: Date; amount: number }>;
}

export interface Runway {
  basisDays: number;
  /** Net lead spend over the basis window, minor units. */
  spend: number;
  averageDailySpend: number;
  /** When the balance reaches minus the credit limit; null when it will not within 90 days (or there was no spend). */
  runsOutAt: Date | null;
  /** When auto-charge would fire; null when it is off or would not fire within 90 days. */
  autoChargeAt: Date | null;
  autoChargeAmount: number | null;
  /** True when auto-charge fires before the credit would run out. */
  autoChargeFirst: boolean;
  /** The balance cannot pay for a lead now: leads are being refused (until credit is added). */
  refusingNow: boolean;
}

export function forecastRunway(input: RunwayInput): Runway {
  const now = input.now.getTime();
  const start = now - RUNWAY_BASIS_DAYS * 24 * HOUR;
  // profile[k]: the average spend in the hour-long slot that began k hours after "now minus one week", wrapped to a week.
  const profile = new Array<number>(WEEK_HOURS).fill(0);
  let spend = 0;
  for (const m of input.movements) {
    const t = m.at.getTime();
    if (t < start || t >= now) continue;
    const hoursAgo = Math.floor((now - t) / HOUR); // 0 = the last hour
    const slot = (WEEK_HOURS - 1 - (hoursAgo % WEEK_HOURS) + WEEK_HOURS) % WEEK_HOURS; // the slot that repeats this hour next week
    profile[slot]! += -m.amount / 2;
    spend += -m.amount;
  }
  for (let k = 0; k < WEEK_HOURS; k += 1) profile[k] = Math.max(0, profile[k]!);
  const auto = input.autoCharge?.enabled ? input.autoCharge : null;
  const result: Runway = {
    basisDays: RUNWAY_BASIS_DAYS,
    spend,
    averageDailySpend: Math.round(spend / RUNWAY_BASIS_DAYS),
    runsOutAt: null,
    autoChargeAt: null,
    autoChargeAmount: auto?.amount ?? null,
    autoChargeFirst: false,
    refusingNow: false,
  };
  // Leads are whole: the balance (with the credit limit) pays for `affordable` more, and runs out
  // when they are spent, i.e. at this floor (what is left over, below one lead's price).
  const price = Math.max(0, input.leadPrice ?? 0);
  const headroom = input.balance + input.creditLimit;
  const affordable = price > 0 ? Math.floor(headroom / price) : Infinity;
  const floor = price > 0 ? -input.creditLimit + (headroom - affordable * price) : -input.creditLimit;
  if (affordable <= 0) {
    result.refusingNow = true;
    result.runsOutAt = input.now;
    // A refusal starts an auto-charge: now.
    if (auto) result.autoChargeAt = input.now;
    result.autoChargeFirst = Boolean(auto);
    return result;
  }
  if (profile.every((p) => p === 0)) return result;
  let balance = input.balance;
  for (let j = 0; j < HORIZON_HOURS; j += 1) {
    const hourSpend = profile[j % WEEK_HOURS]!;
    if (hourSpend === 0) continue;
    const after = balance - hourSpend;
    if (auto && !result.autoChargeAt && after < auto.threshold) {
      result.autoChargeAt = new Date(now + (j + Math.max(0, (balance - auto.threshold) / hourSpend)) * HOUR);
    }
    if (after <= floor) {
      result.runsOutAt = new Date(now + (j + Math.max(0, (balance - floor) / hourSpend)) * HOUR);
      break;
    }
    balance = after;
  }
  // A refusal starts an auto-charge, so it is never after the run-out.
  if (auto && result.runsOutAt && (!result.autoChargeAt || result.autoChargeAt > result.runsOutAt)) result.autoChargeAt = result.runsOutAt;
  result.autoChargeFirst = Boolean(result.autoChargeAt && (!result.runsOutAt || result.autoChargeAt <= result.runsOutAt));
  return result;
}
