import type { ReportReason } from '../catalog';

/** The days over which a client's return rate is measured. */
export const RETURN_RATE_DAYS = 30;
/** How long an admin has to take back an automatic approval. */
export const REVERSAL_HOURS = 24;

/** A return rate in basis points: returns over the leads delivered in the same days (every return counts when there were none). */
export function returnRateBps(returns: number, leads: number): number {
  if (returns <= 0) return 0;
  if (leads <= 0) return 10_000;
  return Math.floor((returns * 10_000) / leads);
}

/** Past the limit when returns exceed `limitPercent` % of the leads (exactly on it is within). */
export function overReturnLimit(returns: number, leads: number, limitPercent: number): boolean {
  return returns * 100 > limitPercent * leads;
}

export interface AutoApprovalRule {
  /** Approve at once when the rate is under this percent (0: the rule is off). */
  belowPercent: number;
  reasons: readonly string[];
}

/** A return is approved at once when it is within the limit and the client is trusted, or the rule's rate and reason fit. */
export function approvesAutomatically(r: {
  overLimit: boolean;
  trusted: boolean;
  rateBps: number;
  reason: ReportReason;
  rule: AutoApprovalRule;
}): boolean {
  if (r.overLimit) return false;
  if (r.trusted) return true;
  return r.rule.belowPercent > 0 && r.rateBps < r.rule.belowPercent * 100 && r.rule.reasons.includes(r.reason);
}

/** The window in days and the reasons a lead of an industry may be returned for. */
export function returnPolicyOf(
  industry: { returnWindowDays: number | null; returnReasons: ReportReason[] | null },
  globalWindowDays: number,
  allReasons: readonly ReportReason[],
): { windowDays: number; reasons: ReportReason[] } {
  return {
    windowDays: industry.returnWindowDays ?? globalWindowDays,
    reasons: industry.returnReasons ? allReasons.filter((r) => industry.returnReasons!.includes(r)) : [...allReasons],
  };
}

/** Whether an approved return is resold at once, and at what discount: the campaign's word, then the industry's, then config. */
export function resaleTermsOf(
  campaign: { resaleAuto: boolean; resaleDiscountPercent: number | null } | null,
  industry: { resaleAuto: boolean; resaleDiscountPercent: number | null },
  defaultDiscountPercent: number,
): { auto: boolean; discountPercent: number } {
  return {
    auto: (campaign?.resaleAuto ?? false) || industry.resaleAuto,
    discountPercent: campaign?.resaleDiscountPercent ?? industry.resaleDiscountPercent ?? defaultDiscountPercent,
  };
}

/** A resale's price: the lead's price less the discount, rounded to the nearest penny. */
export function resalePrice(price: number, discountPercent: number): number {
  return Math.round((price * (100 - discountPercent)) / 100);
}

/** Only an automatic approval can be reversed, once, within `REVERSAL_HOURS` of it. */
export function reversible(report: { status: string; automatic: boolean; decidedAt: Date | null }, now: Date): boolean {
  return (
    report.status === 'approved' &&
    report.automatic &&
    report.decidedAt !== null &&
    now.getTime() - report.decidedAt.getTime() <= REVERSAL_HOURS * 3_600_000
  );
}
