import { ConflictException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { ActivityService } from '../activity';
import { ClientRepository } from '../clients';
import { Transactions, type Tx } from '../core/database/transactions';
import { AuthService, TeamService, type TeamDto } from '../identity';
import { AppConfig } from '../core/config/app-config';
import { addMonths, monthsOf } from './billing-periods';
import type { ClientSubscriptionDto } from './dto/plans.dto';
import type { SubscriptionSummaryDto } from './dto/subscription-cycle.dto';
import type { SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesService } from './invoices.service';
import type { ClientSubscription } from './entities/client-subscription.entity';
import { PlanRepository } from './plan.repository';
import { PlansService } from './plans.service';
import { compedSeatsFor, seatLimitOf, seatsToKeep } from './seats';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionEvents } from './subscription-events';

/**
 * A client's subscription and the seat limit that follows it. Lock order: the client's row, then
 * its subscription (as the team's invites lock the client), so a seat change and an invite queue.
 */
@Injectable()
export class SubscriptionsService implements OnModuleInit {
  constructor(
    private readonly tx: Transactions,
    private readonly subscriptions: SubscriptionRepository,
    private readonly plans: PlanRepository,
    private readonly planViews: PlansService,
    private readonly clients: ClientRepository,
    private readonly activity: ActivityService,
    private readonly auth: AuthService,
    private readonly team: TeamService,
    private readonly invoices: InvoiceRepository,
    private readonly documents: InvoicesService,
    private readonly config: AppConfig,
    private readonly events: SubscriptionEvents,
  ) {}

  onModuleInit(): void {
    // A new client account starts on the free plan, in its registration's transaction.
    this.auth.onClientCreated((tx, clientId) => this.startOnDefaultPlan(tx, clientId));
  }

  /**
   * The free plan for a new client. Until paid plans can be bought, a new client keeps the seat
   * limit every account has had (the column's default): the seats beyond the plan's are comped —
   * the same terms the move onto plans gave existing clients. `subscription.started` says so; no
   * activity row, as a sign-up has none (nobody changed the account yet).
   */
  async startOnDefaultPlan(tx: Tx, clientId: string): Promise<void> {
    const client = await this.clients.lock(tx, clientId);
    if (!client) throw new NotFoundException('No client with that id');
    const plan = await this.plans.defaultPlan(tx);
    const compedSeats = seatsToKeep(client.seatLimit, plan.seatsIncluded);
    await this.subscriptions.insert(tx, {
      clientId,
      planId: plan.id,
      addOnSeats: 0,
      compedSeats,
      status: 'active',
      currentPeriodStart: new Date(),
      currentPeriodEnd: null,
      nextBillAt: null,
    });
    const seatLimit = seatLimitOf({ seatsIncluded: plan.seatsIncluded, addOnSeats: 0, compedSeats });
    if (seatLimit !== client.seatLimit) await this.clients.update(tx, clientId, { seatLimit });
    await this.events.record(tx, 'subscription.started', clientId);
  }

  async get(clientId: string): Promise<ClientSubscriptionDto> {
    const sub = await this.subscriptions.ofClient(clientId);
    if (!sub) throw new NotFoundException('No subscription for that client');
    const [team, open] = await Promise.all([this.team.get(clientId), this.invoices.openOf(clientId)]);
    return this.view(sub, team.seatsUsed, open);
  }

  /**
   * Ends a paid plan when its paid time runs out (back to the free plan, data and ledger kept). A
   * renewal invoice already issued for after that is voided. Refused while the team is bigger than
   * the free plan allows, naming who to remove.
   */
  async cancel(clientId: string, actorUserId: string): Promise<ClientSubscriptionDto> {
    const renewals = await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const sub = (await this.subscriptions.lock(tx, clientId))!;
      if (!sub.currentPeriodEnd) throw new ConflictException('The free plan has nothing to cancel');
      if (sub.cancelAtPeriodEnd) throw new ConflictException(`The subscription already ends on ${day(sub.currentPeriodEnd)}`);
      const free = await this.plans.defaultPlan(tx);
      const team = await this.team.get(clientId);
      const seats = free.seatsIncluded + sub.compedSeats;
      if (team.seatsUsed > seats) {
        const who = [...team.members.map((m) => m.email), ...team.invites.map((i) => `${i.email} (invited)`)].join(', ');
        throw new ConflictException(
          `After the plan ends you would have ${seats} ${seats === 1 ? 'seat' : 'seats'} and your team uses ${team.seatsUsed}: remove ${team.seatsUsed - seats} first (members and invites: ${who})`,
        );
      }
      await this.subscriptions.update(tx, clientId, { cancelAtPeriodEnd: true, nextBillAt: null });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription.cancel_requested',
        before: { cancelAtPeriodEnd: false },
        after: { cancelAtPeriodEnd: true, endsAt: sub.currentPeriodEnd.toISOString() },
      });
      const end = sub.currentPeriodEnd;
      return (await this.invoices.openOf(clientId, tx)).filter((i) => i.kind === 'plan' && i.periodStart >= end);
    });
    for (const inv of renewals)
      await this.documents.void(inv.id, actorUserId, 'The subscription was canceled at the end of the paid period');
    return this.get(clientId);
  }

  /** Undoes a cancellation before the paid time runs out; the cycle bills the next period again. */
  async resume(clientId: string, actorUserId: string): Promise<ClientSubscriptionDto> {
    await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const sub = (await this.subscriptions.lock(tx, clientId))!;
      if (!sub.cancelAtPeriodEnd || !sub.currentPeriodEnd) throw new ConflictException('The subscription is not set to end');
      await this.subscriptions.update(tx, clientId, { cancelAtPeriodEnd: false, nextBillAt: this.billAt(sub.currentPeriodEnd) });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription.resumed',
        before: { cancelAtPeriodEnd: true },
        after: { cancelAtPeriodEnd: false },
      });
    });
    return this.get(clientId);
  }

  /**
   * An admin puts a client on a plan now, with no charge (a deal agreed elsewhere): a paid plan from
   * the free one runs one period from now; the free plan ends billing. The reason is logged.
   */
  async adminChangePlan(clientId: string, actorUserId: string, planId: string, reason: string): Promise<ClientSubscriptionDto> {
    await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!sub) throw new NotFoundException('No subscription for that client');
      const plan = await this.plans.byId(planId, tx);
      if (!plan || plan.retiredAt) throw new NotFoundException('No active plan with that id');
      if (plan.id === sub.planId) throw new ConflictException(`The client is on the ${plan.name} plan already`);
      const team = await this.team.get(clientId);
      const free = plan.monthlyPrice === 0 && (sub.addOnSeats === 0 || plan.seatPrice === 0);
      const seatLimit = seatLimitOf({ seatsIncluded: plan.seatsIncluded, addOnSeats: sub.addOnSeats, compedSeats: sub.compedSeats });
      if (team.seatsUsed > seatLimit)
        throw new ConflictException(
          `The ${plan.name} plan gives this client ${seatLimit} seats and its team uses ${team.seatsUsed}: comp seats or remove members first`,
        );
      const now = new Date();
      const end = free ? null : (sub.currentPeriodEnd ?? addMonths(now, monthsOf(plan.billingPeriod)));
      await this.subscriptions.update(tx, clientId, {
        planId,
        currentPeriodStart: sub.currentPeriodEnd ? sub.currentPeriodStart : now,
        currentPeriodEnd: end,
        nextBillAt: end && !sub.cancelAtPeriodEnd ? this.billAt(end) : null,
        scheduledPlanId: null,
        scheduledFor: sub.scheduledAddOnSeats === null ? null : sub.scheduledFor,
        pendingPlanId: null,
        ...(sub.status === 'canceled' ? { status: 'active' as const, canceledAt: null } : {}),
      });
      await this.clients.update(tx, clientId, { seatLimit });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription.plan_set',
        before: { planId: sub.planId },
        after: { planId, reason },
      });
      await this.events.record(tx, 'subscription.plan_changed', clientId, { previousPlanId: sub.planId });
    });
    return this.get(clientId);
  }

  /** An admin adds days to "valid until" (a goodwill extension); the reason is logged. */
  async extend(clientId: string, actorUserId: string, days: number, reason: string): Promise<ClientSubscriptionDto> {
    await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!sub) throw new NotFoundException('No subscription for that client');
      if (!sub.currentPeriodEnd) throw new ConflictException('The free plan does not run out: there is nothing to extend');
      const end = new Date(sub.currentPeriodEnd.getTime() + days * DAY);
      const renewalOpen = (await this.invoices.openOf(clientId, tx)).some((i) => i.kind === 'plan');
      await this.subscriptions.update(tx, clientId, {
        currentPeriodEnd: end,
        nextBillAt: sub.cancelAtPeriodEnd || renewalOpen ? sub.nextBillAt : this.billAt(end),
      });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription.extended',
        before: { currentPeriodEnd: sub.currentPeriodEnd.toISOString() },
        after: { currentPeriodEnd: end.toISOString(), days, reason },
      });
    });
    return this.get(clientId);
  }

  /** After the grace period an unpaid account is suspended: no leads until it pays; sign-in still works. */
  async suspend(clientId: string, now: Date): Promise<boolean> {
    return this.tx.run(async (tx) => {
      const client = await this.clients.lock(tx, clientId);
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!client || !sub || (sub.status !== 'active' && sub.status !== 'past_due')) return false;
      const overdue = (await this.invoices.openOf(clientId, tx)).find(
        (i) => i.kind === 'plan' && i.periodStart.getTime() + this.config.subscriptions.graceDays * DAY <= now.getTime(),
      );
      if (!overdue) return false;
      await this.subscriptions.update(tx, clientId, { status: 'suspended', suspendedAt: now, pastDueSince: sub.pastDueSince ?? now });
      if (client.status === 'active') await this.clients.update(tx, clientId, { status: 'suspended' });
      await this.activity.record(tx, {
        clientId,
        actorUserId: null,
        action: 'subscription.suspended',
        before: { status: sub.status },
        after: { status: 'suspended', invoice: overdue.number },
      });
      await this.events.record(tx, 'subscription.suspended', clientId, {
        invoiceId: overdue.id,
        number: overdue.number,
        grossAmount: overdue.grossAmount,
        suspendedAt: now.toISOString(),
      });
      return true;
    });
  }

  /**
   * What falls due at the end of the paid time: a scheduled plan or seats take effect; a canceled
   * subscription goes back to the free plan (status `canceled` until a plan is bought again).
   */
  async roll(clientId: string, now: Date): Promise<boolean> {
    return this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!sub) return false;
      if (sub.cancelAtPeriodEnd && sub.currentPeriodEnd && sub.currentPeriodEnd <= now) {
        const free = await this.plans.defaultPlan(tx);
        await this.subscriptions.update(tx, clientId, {
          planId: free.id,
          addOnSeats: 0,
          status: 'canceled',
          canceledAt: now,
          cancelAtPeriodEnd: false,
          currentPeriodStart: now,
          currentPeriodEnd: null,
          nextBillAt: null,
          scheduledPlanId: null,
          scheduledAddOnSeats: null,
          scheduledFor: null,
          pastDueSince: null,
        });
        const seatLimit = seatLimitOf({ seatsIncluded: free.seatsIncluded, addOnSeats: 0, compedSeats: sub.compedSeats });
        await this.clients.update(tx, clientId, { seatLimit });
        await this.events.record(tx, 'subscription.canceled', clientId, { previousPlanId: sub.planId, canceledAt: now.toISOString() });
        return true;
      }
      if (!sub.scheduledFor || sub.scheduledFor > now) return false;
      const plan = (await this.plans.byId(sub.scheduledPlanId ?? sub.planId, tx))!;
      const addOnSeats = sub.scheduledAddOnSeats ?? sub.addOnSeats;
      const free = plan.monthlyPrice === 0 && (addOnSeats === 0 || plan.seatPrice === 0);
      await this.subscriptions.update(tx, clientId, {
        planId: plan.id,
        addOnSeats,
        scheduledPlanId: null,
        scheduledAddOnSeats: null,
        scheduledFor: null,
        ...(free ? { currentPeriodEnd: null, nextBillAt: null, currentPeriodStart: now } : {}),
      });
      const seatLimit = seatLimitOf({ seatsIncluded: plan.seatsIncluded, addOnSeats, compedSeats: sub.compedSeats });
      await this.clients.update(tx, clientId, { seatLimit });
      if (plan.id !== sub.planId) await this.events.record(tx, 'subscription.plan_changed', clientId, { previousPlanId: sub.planId });
      if (addOnSeats !== sub.addOnSeats)
        await this.events.record(tx, 'subscription.seats_changed', clientId, { previousAddOnSeats: sub.addOnSeats });
      return true;
    });
  }

  /** MRR and the past-due list for the admin overview. */
  async summary(): Promise<SubscriptionSummaryDto> {
    const [recurring, overdue] = await Promise.all([this.subscriptions.recurring(), this.invoices.overdue(50)]);
    const names = await this.clients.names(overdue.map((o) => o.clientId));
    return {
      currency: recurring.currency,
      mrr: recurring.mrr,
      paidSubscriptions: recurring.count,
      pastDue: overdue.map((o) => ({ ...o, businessName: names.get(o.clientId) ?? null, since: o.since.toISOString() })),
    };
  }

  /** When the cycle issues the invoice that follows a period ending at `end`. */
  billAt(end: Date): Date {
    return new Date(end.getTime() - this.config.subscriptions.issueDaysBefore * DAY);
  }

  /**
   * An admin's "this client has N seats": the plan's and the bought seats stay, the rest are comped
   * (given free). Below what the plan and purchases give is refused: that is a plan change.
   */
  async setSeatLimit(clientId: string, actorUserId: string, seatLimit: number, reason: string | undefined): Promise<TeamDto> {
    await this.tx.run(async (tx) => {
      const client = await this.clients.lock(tx, clientId);
      if (!client) throw new NotFoundException('No client with that id');
      const sub = await this.subscriptions.lock(tx, clientId);
      if (!sub) throw new NotFoundException('No subscription for that client');
      const plan = (await this.plans.byId(sub.planId, tx))!;
      const compedSeats = compedSeatsFor(seatLimit, { seatsIncluded: plan.seatsIncluded, addOnSeats: sub.addOnSeats });
      if (compedSeats === null) {
        const paid = plan.seatsIncluded + sub.addOnSeats;
        const source = sub.addOnSeats ? `The ${plan.name} plan and ${sub.addOnSeats} bought seats give` : `The ${plan.name} plan gives`;
        const problem = `${source} ${paid} seats; fewer needs a plan change`;
        throw new ConflictException({ message: problem, details: [{ field: 'seatLimit', messages: [problem] }] });
      }
      await this.subscriptions.setCompedSeats(tx, clientId, compedSeats);
      await this.clients.update(tx, clientId, { seatLimit });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'subscription.seats_comped',
        before: { seatLimit: client.seatLimit, compedSeats: sub.compedSeats },
        after: { seatLimit, compedSeats, reason: reason || null },
      });
    });
    return this.team.get(clientId);
  }

  private view(sub: ClientSubscription, seatsUsed: number, open: SubscriptionInvoice[]): ClientSubscriptionDto {
    const plan = sub.plan!;
    const unpaid = open[0] ?? null;
    const overdue = open.find((i) => i.kind === 'plan');
    const graceEndsAt =
      overdue && (sub.status === 'past_due' || sub.status === 'active') && sub.pastDueSince
        ? new Date(overdue.periodStart.getTime() + this.config.subscriptions.graceDays * DAY).toISOString()
        : null;
    return {
      clientId: sub.clientId,
      plan: this.planViews.view(plan),
      status: sub.status,
      addOnSeats: sub.addOnSeats,
      compedSeats: sub.compedSeats,
      seatLimit: seatLimitOf({ seatsIncluded: plan.seatsIncluded, addOnSeats: sub.addOnSeats, compedSeats: sub.compedSeats }),
      seatsUsed,
      currentPeriodStart: sub.currentPeriodStart.toISOString(),
      currentPeriodEnd: sub.currentPeriodEnd?.toISOString() ?? null,
      nextBillAt: sub.nextBillAt?.toISOString() ?? null,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      pendingPlan: sub.pendingPlan ? this.planViews.view(sub.pendingPlan) : null,
      scheduledPlan: sub.scheduledPlan ? this.planViews.view(sub.scheduledPlan) : null,
      scheduledAddOnSeats: sub.scheduledAddOnSeats,
      scheduledFor: sub.scheduledFor?.toISOString() ?? null,
      pastDueSince: sub.pastDueSince?.toISOString() ?? null,
      graceEndsAt,
      suspendedAt: sub.suspendedAt?.toISOString() ?? null,
      canceledAt: sub.canceledAt?.toISOString() ?? null,
      unpaidInvoice:
        unpaid && unpaid.number ? { id: unpaid.id, number: unpaid.number, grossAmount: unpaid.grossAmount, dueOn: unpaid.dueOn } : null,
    };
  }
}

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);
