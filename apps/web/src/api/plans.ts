import type { PlanDto } from '@leadflow/api-client';
import { formatMoney } from './format';

/** "£49.00 a month + VAT", or "Free". */
export function planPriceText(plan: PlanDto): string {
  return plan.monthlyPrice === 0 ? 'Free' : `${formatMoney(plan.monthlyPrice, plan.currency)} a month + VAT`;
}

/** "Billed monthly" / "Billed yearly (12 months at once)". */
export function billingPeriodText(plan: PlanDto): string {
  return plan.billingPeriod === 'yearly' ? 'Billed yearly (12 months at once)' : 'Billed monthly';
}

/** "3 seats included, extra seats £10.00 a month + VAT each". */
export function planSeatsText(plan: PlanDto): string {
  const included = `${plan.seatsIncluded} ${plan.seatsIncluded === 1 ? 'seat' : 'seats'} included`;
  return plan.seatPrice > 0 ? `${included}, extra seats ${formatMoney(plan.seatPrice, plan.currency)} a month + VAT each` : included;
}
