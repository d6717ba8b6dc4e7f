import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { addMonths, costUntil, monthsOf } from './billing-periods';
import type { ClientSubscription } from './entities/client-subscription.entity';
import type { Plan } from './entities/plan.entity';
import type { SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { InvoicesService, type InvoiceInput } from './invoices.service';

/** What a client asks to change, worked out: charged now (an invoice to pay) or at the end of the paid time. */
export type ChangeDecision =
  | { effective: 'now'; input: InvoiceInput }
  | { effective: 'now_free'; apply: Partial<ClientSubscription> }
  | { effective: 'period_end'; at: Date; schedule: Partial<ClientSubscription> };

export interface ChangeContext {
  sub: ClientSubscription;
  plan: Plan;
  seatsUsed: number;
  members: string[];
  open: SubscriptionInvoice[];
}

export type ChangeRequest =
  | { kind: 'checkout'; plan: Plan }
  | { kind: 'plan'; plan: Plan }
  | { kind: 'seats'; addOnSeats: number }
  | { kind: 'advance'; periods: number };

/**
 * What a client's request to change its subscription means, worked out against the subscription
 * as it is (SubscriptionBilling holds its locks): charged now, by a draft invoice whose lines are
 * here, or scheduled for the end of the paid time; refused with a 409/422 that says why.
 */
@Injectable()
export class SubscriptionChanges {
  constructor(private readonly invoices: InvoicesService) {}

  /** Works out a request against the subscription as it is (under its locks when `tx` is given). */
  decide(ctx: ChangeContext, req: ChangeRequest, now: Date): ChangeDecision {
    const { sub, plan } = ctx;
    const paidUntil = sub.currentPeriodEnd;
    const onFree = !paidUntil;
    const months = monthsOf(plan.billingPeriod);
    const unpaid = ctx.open[0];
    const unpaidProblem = unpaid
      ? `Invoice ${unpaid.number} (${pounds(unpaid.grossAmount)}, due ${unpaid.dueOn}) is unpaid: pay it first from your Plan page`
      : null;
    switch (req.kind) {
      case 'checkout': {
        if (!onFree) throw new ConflictException(`You are on the ${plan.name} plan already: change plan instead`);
        if (req.plan.monthlyPrice === 0)
          throw new UnprocessableEntityException(`The ${req.plan.name} plan is free: there is nothing to buy`);
        this.refuseSeats(ctx, req.plan.seatsIncluded + sub.compedSeats, req.plan.name);
        const m = monthsOf(req.plan.billingPeriod);
        const end = addMonths(now, m);
        return {
          effective: 'now',
          input: {
            kind: 'plan',
            status: 'draft',
            periodStart: now,
            periodEnd: end,
            lines: this.invoices.cycleLines(req.plan, 0, now, end, m),
            changes: { planId: req.plan.id },
            nextAttemptAt: null,
          },
        };
      }
      case 'plan': {
        if (req.plan.id === plan.id) {
          // Back to the current plan: a scheduled change is undone; otherwise there is nothing to change.
          if (!sub.scheduledPlanId || !paidUntil) throw new ConflictException(`You are on the ${plan.name} plan already`);
          return {
            effective: 'period_end',
            at: paidUntil,
            schedule: { scheduledPlanId: null, scheduledFor: sub.scheduledAddOnSeats === null ? null : sub.scheduledFor },
          };
        }
        if (onFree) {
          if (req.plan.monthlyPrice === 0) throw new ConflictException(`You are on a free plan already`);
          return this.decide(ctx, { kind: 'checkout', plan: req.plan }, now);
        }
        if (sub.cancelAtPeriodEnd) throw new ConflictException('The subscription is set to end: resume it before changing plan');
        const oldPer = (plan.monthlyPrice + sub.addOnSeats * plan.seatPrice) * months;
        const newPer = (req.plan.monthlyPrice + sub.addOnSeats * req.plan.seatPrice) * monthsOf(req.plan.billingPeriod);
        const upgrade = req.plan.billingPeriod === plan.billingPeriod && newPer > oldPer && req.plan.monthlyPrice > 0;
        if (upgrade) {
          if (unpaidProblem) throw new ConflictException(unpaidProblem);
          const amount = costUntil(newPer - oldPer, months, paidUntil, now);
          const line = this.invoices.line(
            `Upgrade from ${plan.name} to ${req.plan.name}, ${this.invoices.span(now, paidUntil)} (prorated)`,
            1,
            amount,
          );
          return {
            effective: 'now',
            input: {
              kind: 'proration',
              status: 'draft',
              periodStart: now,
              periodEnd: paidUntil,
              lines: [line],
              changes: { planId: req.plan.id, fromPlanId: plan.id },
              nextAttemptAt: null,
            },
          };
        }
        const seats = sub.scheduledAddOnSeats ?? sub.addOnSeats;
        this.refuseSeats(ctx, req.plan.seatsIncluded + seats + sub.compedSeats, req.plan.name);
        return { effective: 'period_end', at: paidUntil, schedule: { scheduledPlanId: req.plan.id, scheduledFor: paidUntil } };
      }
      case 'seats': {
        if (onFree) throw new ConflictException('Add-on seats come with a paid plan: choose one first');
        const current = sub.addOnSeats;
        if (req.addOnSeats === current)
          return {
            effective: 'period_end',
            at: paidUntil,
            schedule: { scheduledAddOnSeats: null, scheduledFor: sub.scheduledPlanId ? sub.scheduledFor : null },
          };
        if (req.addOnSeats < current) {
          const planThen = sub.scheduledPlan ?? plan;
          this.refuseSeats(ctx, planThen.seatsIncluded + req.addOnSeats + sub.compedSeats, planThen.name);
          return { effective: 'period_end', at: paidUntil, schedule: { scheduledAddOnSeats: req.addOnSeats, scheduledFor: paidUntil } };
        }
        if (unpaidProblem) throw new ConflictException(unpaidProblem);
        const added = req.addOnSeats - current;
        if (plan.seatPrice === 0) return { effective: 'now_free', apply: { addOnSeats: req.addOnSeats } };
        const amount = costUntil(added * plan.seatPrice * months, months, paidUntil, now);
        const line = this.invoices.line(
          `${added} add-on ${added === 1 ? 'seat' : 'seats'}, ${this.invoices.span(now, paidUntil)} (prorated)`,
          added,
          Math.round(amount / added),
          amount,
        );
        return {
          effective: 'now',
          input: {
            kind: 'seats',
            status: 'draft',
            periodStart: now,
            periodEnd: paidUntil,
            lines: [line],
            changes: { addSeats: added },
            nextAttemptAt: null,
          },
        };
      }
      case 'advance': {
        if (onFree) throw new ConflictException('The free plan has nothing to pay ahead');
        if (unpaidProblem) throw new ConflictException(unpaidProblem);
        if (sub.cancelAtPeriodEnd) throw new ConflictException('The subscription is set to end: resume it before paying ahead');
        if (sub.scheduledFor)
          throw new ConflictException(
            'A change is scheduled for the end of the paid time: paying ahead is for the current plan, so undo the change first',
          );
        const m = months * req.periods;
        const end = addMonths(paidUntil, m);
        return {
          effective: 'now',
          input: {
            kind: 'advance',
            status: 'draft',
            periodStart: paidUntil,
            periodEnd: end,
            lines: this.invoices.cycleLines(plan, sub.addOnSeats, paidUntil, end, m),
            changes: null,
            nextAttemptAt: null,
          },
        };
      }
    }
  }

  /** Seats below what the members and invites take are refused, naming who to remove. */
  private refuseSeats(ctx: ChangeContext, seats: number, planName: string): void {
    if (ctx.seatsUsed <= seats) return;
    const over = ctx.seatsUsed - seats;
    throw new ConflictException(
      `The ${planName} plan would give ${seats} ${seats === 1 ? 'seat' : 'seats'} and your team uses ${ctx.seatsUsed}: remove ${over} first (members and invites: ${ctx.members.join(', ')})`,
    );
  }
}

/**
 * Why a draft paid only now no longer applies: another purchase changed the subscription since it
 * was made (a forgotten 3-D Secure page completed late). Null when it still applies.
 */
export function supersededBy(sub: ClientSubscription, inv: SubscriptionInvoice): string | null {
  const changes = inv.changes ?? {};
  const end = sub.currentPeriodEnd?.getTime() ?? null;
  if (inv.kind === 'plan' && changes.planId && end !== null) return 'a plan was bought meanwhile';
  if (inv.kind === 'proration' && (sub.planId !== changes.fromPlanId || end !== inv.periodEnd.getTime()))
    return 'the plan changed meanwhile';
  if (inv.kind === 'advance' && end !== inv.periodStart.getTime()) return 'the paid time changed meanwhile';
  if (inv.kind === 'seats' && end === null) return 'the paid plan ended meanwhile';
  return null;
}

const pounds = (n: number) => `£${(n / 100).toFixed(2)}`;
