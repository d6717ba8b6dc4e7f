import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException, type OnModuleInit } from '@nestjs/common';
import { ActivityService } from '../activity';
import { LedgerService, PaymentsService, type Payment } from '../billing';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { Transactions, type Tx } from '../core/database/transactions';
import { TeamService } from '../identity';
import type { OutboxEventType } from '../outbox';
import type { SubscriptionInvoiceDto } from './dto/invoices.dto';
import type { SubscriptionPaymentDto, SubscriptionQuoteDto } from './dto/subscription-cycle.dto';
import type { ClientSubscription } from './entities/client-subscription.entity';
import type { Plan } from './entities/plan.entity';
import type { InvoiceLine, SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesService } from './invoices.service';
import { PlanRepository } from './plan.repository';
import { seatLimitOf } from './seats';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsService } from './subscriptions.service';
import { SubscriptionEvents } from './subscription-events';
import { SubscriptionChanges, supersededBy, type ChangeContext, type ChangeDecision, type ChangeRequest } from './subscription-changes';

const DAY = 86_400_000;
/** A draft younger than this with no answer yet is a payment in progress: another purchase waits for it. */
const IN_PROGRESS_MS = 15 * 60_000;

/**
 * Paying for the platform subscription: checkout of a paid plan, upgrades, bought seats and
 * advance periods are charged now on the default card (a draft invoice, numbered when the payment
 * succeeds); downgrades and seat removals wait for the end of the paid time. Every payment's
 * outcome reaches `settle`, in the payment's own transaction, however it arrives (Stripe's answer,
 * its webhook, reconciliation): an invoice is paid once and its period extended once.
 */
@Injectable()
export class SubscriptionBilling implements OnModuleInit {
  private readonly logger = new Logger(SubscriptionBilling.name);

  constructor(
    private readonly tx: Transactions,
    private readonly subscriptions: SubscriptionRepository,
    private readonly plans: PlanRepository,
    private readonly invoices: InvoiceRepository,
    private readonly documents: InvoicesService,
    private readonly clients: ClientRepository,
    private readonly payments: PaymentsService,
    private readonly ledger: LedgerService,
    private readonly activity: ActivityService,
    private readonly events: SubscriptionEvents,
    private readonly team: TeamService,
    private readonly planner: SubscriptionChanges,
    private readonly views: SubscriptionsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.payments.onSubscriptionPayment((tx, payment) => this.settle(tx, payment));
  }

  /** The plan picked on the pricing page, bought at the card step. Only a public, active, paid plan. */
  async choosePending(clientId: string, planId: string | null) {
    if (planId) {
      const plan = await this.plans.byId(planId);
      if (!plan || !plan.isPublic || plan.retiredAt) throw new NotFoundException('No plan with that id on offer');
      if (plan.isDefault || plan.monthlyPrice === 0)
        throw new UnprocessableEntityException(`The ${plan.name} plan is free: there is nothing to buy`);
    }
    await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      await this.subscriptions.update(tx, clientId, { pendingPlanId: planId });
    });
    return this.views.get(clientId);
  }

  /** What a change would do and cost, without doing it. */
  async quote(
    clientId: string,
    req: { planId?: string; addOnSeats?: number; periods?: number },
    now = new Date(),
  ): Promise<SubscriptionQuoteDto> {
    const request = await this.requestOf(req);
    const ctx = await this.context(undefined, clientId);
    let decision: ChangeDecision | null = null;
    let problem: string | null = null;
    try {
      decision = this.planner.decide(ctx, request, now);
    } catch (err) {
      if (!(err instanceof ConflictException || err instanceof UnprocessableEntityException)) throw err;
      problem = messageOf(err);
    }
    const lines: InvoiceLine[] = decision?.effective === 'now' ? decision.input.lines : [];
    return {
      effective: decision?.effective === 'period_end' ? 'period_end' : 'now',
      effectiveAt: (decision?.effective === 'period_end' ? decision.at : now).toISOString(),
      lines,
      netAmount: lines.reduce((s, l) => s + l.net, 0),
      vatAmount: lines.reduce((s, l) => s + l.vat, 0),
      grossAmount: lines.reduce((s, l) => s + l.gross, 0),
      currency: ctx.plan.currency,
      problem,
    };
  }

  /** From the free plan (or after a cancellation) to a paid plan: the first period is charged now. */
  async checkout(clientId: string, actorUserId: string, planId: string, now = new Date()): Promise<SubscriptionPaymentDto> {
    return this.change(clientId, actorUserId, { kind: 'checkout', plan: await this.offered(planId) }, now);
  }

  /** Upgrade now (the prorated difference charged now), or anything else at the end of the paid time. */
  async changePlan(clientId: string, actorUserId: string, planId: string, now = new Date()): Promise<SubscriptionPaymentDto> {
    return this.change(clientId, actorUserId, { kind: 'plan', plan: await this.offered(planId) }, now);
  }

  async setAddOnSeats(clientId: string, actorUserId: string, addOnSeats: number, now = new Date()): Promise<SubscriptionPaymentDto> {
    return this.change(clientId, actorUserId, { kind: 'seats', addOnSeats }, now);
  }

  async payInAdvance(clientId: string, actorUserId: string, periods: number, now = new Date()): Promise<SubscriptionPaymentDto> {
    return this.change(clientId, actorUserId, { kind: 'advance', periods }, now);
  }

  /** The client's "pay now" for an open invoice, on-session (3-D Secure handled by the browser). */
  async payInvoice(clientId: string, invoiceId: string): Promise<SubscriptionPaymentDto> {
    const payment = await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      await this.subscriptions.lock(tx, clientId);
      const found = await this.invoices.byId(invoiceId, clientId, tx);
      if (!found || found.status === 'draft') throw new NotFoundException('No invoice with that id');
      const inv = (await this.invoices.lock(tx, found.id))!;
      if (inv.status !== 'open') throw new ConflictException(`Invoice ${inv.number} is ${inv.status === 'paid' ? 'already paid' : 'void'}`);
      if (await this.payments.inProgressFor(inv.id, tx))
        throw new ConflictException(`A payment of invoice ${inv.number} is in progress; try again in a minute`);
      return this.prepare(tx, inv, await this.invoices.countAttempt(tx, inv.id));
    });
    return this.outcome(clientId, payment, false);
  }

  /** The cycle's charge of a claimed attempt, off-session; no card counts as a failed attempt. */
  async chargeDue(claim: { id: string; clientId: string; attempt: number }): Promise<void> {
    const payment = await this.tx.run(async (tx) => {
      await this.clients.lock(tx, claim.clientId);
      await this.subscriptions.lock(tx, claim.clientId);
      const inv = await this.invoices.lock(tx, claim.id);
      if (!inv || inv.status !== 'open' || (await this.payments.inProgressFor(inv.id, tx))) return null;
      const prepared = await this.payments.prepareInvoiceCharge(tx, this.chargeOf(inv, claim.attempt));
      if (!prepared)
        await this.failed(tx, inv.clientId, inv.id, 'There is no card on your account: add one and pay from your Plan page', null);
      return prepared;
    });
    if (payment) await this.payments.chargePrepared(payment, { offSession: true });
  }

  /** The pending payment of an attempt, in the transaction holding the invoice; no card is a 409 (and undoes the transaction). */
  private async prepare(tx: Tx, inv: SubscriptionInvoice, attempt: number): Promise<Payment> {
    const payment = await this.payments.prepareInvoiceCharge(tx, this.chargeOf(inv, attempt));
    if (!payment) throw new ConflictException('Add a card first: the subscription is paid with your default card');
    return payment;
  }

  private async change(clientId: string, actorUserId: string, request: ChangeRequest, now: Date): Promise<SubscriptionPaymentDto> {
    const result = await this.tx.run(async (tx) => {
      const ctx = await this.context(tx, clientId);
      const decision = this.planner.decide(ctx, request, now);
      if (decision.effective === 'period_end' || decision.effective === 'now_free') {
        const patch = decision.effective === 'period_end' ? decision.schedule : decision.apply;
        await this.subscriptions.update(tx, clientId, patch);
        if (decision.effective === 'now_free') await this.writeSeatLimit(tx, clientId);
        await this.activity.record(tx, {
          clientId,
          actorUserId,
          action: decision.effective === 'period_end' ? 'subscription.change_scheduled' : 'subscription.changed',
          before: { planId: ctx.sub.planId, addOnSeats: ctx.sub.addOnSeats },
          after: { ...patch, ...(decision.effective === 'period_end' ? { at: decision.at.toISOString() } : {}) },
        });
        if (decision.effective === 'now_free' && patch.addOnSeats !== undefined) {
          await this.events.record(tx, 'subscription.seats_changed', clientId, { previousAddOnSeats: ctx.sub.addOnSeats });
        }
        return null;
      }
      const draft = await this.documents.create(tx, clientId, actorUserId, decision.input, now);
      return this.prepare(tx, draft, await this.invoices.countAttempt(tx, draft.id));
    });
    if (!result) return { ...NOTHING, subscription: await this.views.get(clientId) };
    return this.outcome(clientId, result, false);
  }

  /** Charges a prepared payment and answers how it went, with the subscription as it now is. */
  private async outcome(clientId: string, prepared: Payment, offSession: boolean): Promise<SubscriptionPaymentDto> {
    let payment: Payment;
    try {
      payment = await this.payments.chargePrepared(prepared, { offSession });
    } catch (err) {
      // Stripe could not be reached: the attempt is over (a draft no longer counts as in progress).
      await this.tx.run((tx) =>
        this.invoices.update(tx, prepared.subscriptionInvoiceId!, { lastFailure: 'The card could not be charged just now' }),
      );
      throw err;
    }
    const inv = await this.invoices.byId(prepared.subscriptionInvoiceId!);
    const visible: SubscriptionInvoiceDto | null = inv && inv.status !== 'draft' ? this.documents.view(inv, null) : null;
    return {
      status: payment.status === 'canceled' ? 'failed' : payment.status,
      paymentId: payment.id,
      invoice: visible,
      nextActionUrl: payment.status === 'requires_action' ? payment.nextActionUrl : null,
      failureReason: payment.status === 'failed' || payment.status === 'canceled' ? (payment.failureReason ?? 'The payment failed') : null,
      subscription: await this.views.get(clientId),
    };
  }

  private chargeOf(inv: SubscriptionInvoice, attempt: number) {
    return {
      clientId: inv.clientId,
      subscriptionInvoiceId: inv.id,
      idempotencyKey: `subscription:${inv.id}:${attempt}`,
      netAmount: inv.netAmount,
      vatAmount: inv.vatAmount,
      grossAmount: inv.grossAmount,
      vatRateBps: inv.lines[0]?.vatRateBps ?? this.config.billing.vatRateBps,
      currency: inv.currency,
    };
  }

  /**
   * A subscription payment moved (in its transaction, under its lock). Success pays the invoice
   * once and applies it (period, plan, seats, reactivation); a second success for an invoice
   * already paid or voided (a forgotten 3-D Secure page completed late) is kept as lead credit,
   * never lost. A failure is recorded on the invoice; an unpaid renewal puts the account past due.
   */
  private async settle(tx: Tx, payment: Payment): Promise<void> {
    if (!payment.subscriptionInvoiceId) return;
    const now = new Date();
    await this.clients.lock(tx, payment.clientId);
    const sub = await this.subscriptions.lock(tx, payment.clientId);
    const inv = await this.invoices.lock(tx, payment.subscriptionInvoiceId);
    if (!sub || !inv || inv.clientId !== payment.clientId)
      return this.logger.error({ paymentId: payment.id }, 'Subscription payment for no invoice of its client');
    if (payment.status === 'succeeded') {
      const superseded = inv.status === 'draft' ? supersededBy(sub, inv) : null;
      if (inv.status === 'paid' || inv.status === 'void' || superseded) {
        this.logger.error(
          { paymentId: payment.id, invoice: inv.number ?? inv.id, superseded },
          'Subscription payment for an invoice already settled or overtaken; kept as lead credit',
        );
        if (superseded) await this.invoices.update(tx, inv.id, { lastFailure: `Paid after ${superseded}: kept as lead credit` });
        await this.ledger.credit(
          'top_up',
          {
            clientId: payment.clientId,
            amount: payment.netAmount,
            cause: `payment:${payment.id}`,
            description: `Payment for invoice ${inv.number ?? 'draft'} received after it was settled or overtaken: kept as lead credit`,
            meta: { paymentId: payment.id },
          },
          tx,
        );
        return;
      }
      const paid = await this.documents.markPaid(tx, inv, payment.id, now);
      await this.apply(tx, sub, paid, now);
      return;
    }
    if (payment.status === 'failed' || payment.status === 'requires_action' || payment.status === 'canceled') {
      const reason =
        payment.status === 'requires_action'
          ? 'Your bank asks you to approve this payment: pay it from your Plan page'
          : (payment.failureReason ?? 'The payment failed');
      await this.failed(tx, payment.clientId, inv.id, reason, payment.id);
    }
  }

  /** A charge of an invoice failed (or needs the client): recorded; an open invoice makes the account past due. */
  private async failed(tx: Tx, clientId: string, invoiceId: string, reason: string, paymentId: string | null): Promise<void> {
    await this.clients.lock(tx, clientId);
    const sub = (await this.subscriptions.lock(tx, clientId))!;
    const inv = (await this.invoices.lock(tx, invoiceId))!;
    if (inv.status === 'paid' || inv.status === 'void') return;
    await this.invoices.update(tx, inv.id, { lastFailure: reason });
    if (inv.status !== 'open') return;
    const now = new Date();
    if (sub.status === 'active') await this.subscriptions.update(tx, clientId, { status: 'past_due', pastDueSince: now });
    await this.events.record(tx, 'subscription.payment_failed', clientId, {
      invoiceId: inv.id,
      number: inv.number,
      paymentId,
      reason,
      attempts: inv.attempts,
      grossAmount: inv.grossAmount,
      currency: inv.currency,
      nextAttemptAt: inv.nextAttemptAt?.toISOString() ?? null,
      graceEndsAt: new Date(inv.periodStart.getTime() + this.config.subscriptions.graceDays * DAY).toISOString(),
    });
  }

  /** What a paid invoice changes. */
  private async apply(tx: Tx, sub: ClientSubscription, inv: SubscriptionInvoice, now: Date): Promise<void> {
    const changes = inv.changes ?? {};
    const patch: Partial<ClientSubscription> = {};
    let type: OutboxEventType;
    let data: Record<string, unknown> = {};
    if (changes.planId && inv.kind === 'plan') {
      // Checkout: a new paid plan from now.
      Object.assign(patch, {
        planId: changes.planId,
        addOnSeats: 0,
        currentPeriodStart: inv.periodStart,
        currentPeriodEnd: inv.periodEnd,
        pendingPlanId: null,
        canceledAt: null,
        cancelAtPeriodEnd: false,
        scheduledPlanId: null,
        scheduledAddOnSeats: null,
        scheduledFor: null,
      });
      type = 'subscription.started';
    } else if (changes.planId) {
      Object.assign(patch, {
        planId: changes.planId,
        scheduledPlanId: null,
        scheduledFor: sub.scheduledAddOnSeats === null ? null : sub.scheduledFor,
      });
      type = 'subscription.plan_changed';
      data = { previousPlanId: sub.planId };
    } else if (changes.addSeats) {
      patch.addOnSeats = sub.addOnSeats + changes.addSeats;
      type = 'subscription.seats_changed';
      data = { previousAddOnSeats: sub.addOnSeats };
    } else {
      // A renewal or an advance: validity runs to the end of what is now paid.
      const end = sub.currentPeriodEnd && sub.currentPeriodEnd > inv.periodEnd ? sub.currentPeriodEnd : inv.periodEnd;
      patch.currentPeriodEnd = end;
      type = 'subscription.renewed';
      data = { invoiceId: inv.id, periodStart: inv.periodStart.toISOString(), periodEnd: inv.periodEnd.toISOString() };
    }
    const end = patch.currentPeriodEnd ?? sub.currentPeriodEnd;
    const cancels = patch.cancelAtPeriodEnd ?? sub.cancelAtPeriodEnd;
    const renewalOpen = (await this.invoices.openOf(sub.clientId, tx)).some((i) => i.kind === 'plan' && end && i.periodStart >= end);
    patch.nextBillAt = end && !cancels && !renewalOpen ? new Date(end.getTime() - this.config.subscriptions.issueDaysBefore * DAY) : null;
    // Paid up: back to active, and leads flow again at once.
    const overdue = (await this.invoices.openOf(sub.clientId, tx)).some((i) => i.id !== inv.id && i.periodStart <= now);
    const wasSuspended = sub.status === 'suspended';
    if ((sub.status === 'past_due' || wasSuspended || sub.status === 'canceled') && !overdue) {
      Object.assign(patch, { status: 'active', pastDueSince: null, suspendedAt: null });
    }
    await this.subscriptions.update(tx, sub.clientId, patch);
    await this.writeSeatLimit(tx, sub.clientId, wasSuspended && patch.status === 'active');
    await this.events.record(tx, type, sub.clientId, data);
    if (wasSuspended && patch.status === 'active')
      await this.events.record(tx, 'subscription.reactivated', sub.clientId, { invoiceId: inv.id });
  }

  /** Writes the client's seat limit from its subscription (and lifts a suspension when asked); answers it. */
  private async writeSeatLimit(tx: Tx, clientId: string, reactivate = false): Promise<number> {
    const sub = (await this.subscriptions.ofClient(clientId, tx))!;
    const seatLimit = seatLimitOf({ seatsIncluded: sub.plan!.seatsIncluded, addOnSeats: sub.addOnSeats, compedSeats: sub.compedSeats });
    const client = (await this.clients.byId(clientId, tx))!;
    await this.clients.update(tx, clientId, { seatLimit, ...(reactivate && client.status === 'suspended' ? { status: 'active' } : {}) });
    return seatLimit;
  }

  private async context(tx: Tx | undefined, clientId: string): Promise<ChangeContext> {
    const run = async (t: Tx): Promise<ChangeContext> => {
      const client = await this.clients.lock(t, clientId);
      if (!client) throw new NotFoundException('No client with that id');
      await this.subscriptions.lock(t, clientId);
      const sub = (await this.subscriptions.ofClient(clientId, t))!;
      const team = await this.team.get(clientId);
      const open = await this.invoices.openOf(clientId, t);
      // One card payment at a time: a draft still waiting for its answer blocks another purchase.
      if (tx && (await this.invoices.draftInProgress(t, clientId, new Date(Date.now() - IN_PROGRESS_MS))))
        throw new ConflictException(
          'A card payment for your subscription is in progress: finish it (or wait a few minutes) before starting another',
        );
      return {
        sub,
        plan: sub.plan!,
        seatsUsed: team.seatsUsed,
        members: [...team.members.map((m) => m.email), ...team.invites.map((i) => `${i.email} (invited)`)],
        open,
      };
    };
    return tx ? run(tx) : this.tx.run(run);
  }

  private async offered(planId: string): Promise<Plan> {
    const plan = await this.plans.byId(planId);
    if (!plan || plan.retiredAt || !plan.isPublic) throw new NotFoundException('No plan with that id on offer');
    return plan;
  }

  private async requestOf(req: { planId?: string; addOnSeats?: number; periods?: number }): Promise<ChangeRequest> {
    const given = [req.planId !== undefined, req.addOnSeats !== undefined, req.periods !== undefined].filter(Boolean).length;
    if (given !== 1) {
      const message = 'Give exactly one of planId, addOnSeats or periods';
      throw new UnprocessableEntityException({ message, details: [{ field: 'planId', messages: [message] }] });
    }
    if (req.planId !== undefined) return { kind: 'plan', plan: await this.offered(req.planId) };
    if (req.addOnSeats !== undefined) return { kind: 'seats', addOnSeats: req.addOnSeats };
    return { kind: 'advance', periods: req.periods! };
  }
}

const NOTHING = { status: 'nothing_to_pay' as const, paymentId: null, invoice: null, nextActionUrl: null, failureReason: null };

function messageOf(err: ConflictException | UnprocessableEntityException): string {
  const body = err.getResponse();
  return typeof body === 'string' ? body : ((body as { message?: string }).message ?? err.message);
}
