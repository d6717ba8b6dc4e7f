import { ConflictException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { ActivityService } from '../activity';
import { ClientRepository } from '../clients';
import { Transactions, type Tx } from '../core/database/transactions';
import { AuthService, TeamService, type TeamDto } from '../identity';
import { OutboxService } from '../outbox';
import type { ClientSubscriptionDto } from './dto/plans.dto';
import type { ClientSubscription } from './entities/client-subscription.entity';
import type { Plan } from './entities/plan.entity';
import { PlanRepository } from './plan.repository';
import { PlansService } from './plans.service';
import { compedSeatsFor, seatLimitOf, seatsToKeep } from './seats';
import { SubscriptionRepository } from './subscription.repository';

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
    private readonly outbox: OutboxService,
    private readonly auth: AuthService,
    private readonly team: TeamService,
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
    const sub = await this.subscriptions.insert(tx, {
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
    await this.outbox.record(tx, {
      type: 'subscription.started',
      aggregateType: 'client',
      aggregateId: clientId,
      clientId,
      payload: {
        clientId,
        planId: plan.id,
        planName: plan.name,
        billingPeriod: plan.billingPeriod,
        monthlyPrice: plan.monthlyPrice,
        currency: plan.currency,
        seatsIncluded: plan.seatsIncluded,
        addOnSeats: sub.addOnSeats,
        compedSeats,
        seatLimit,
        status: sub.status,
        currentPeriodStart: sub.currentPeriodStart.toISOString(),
        currentPeriodEnd: null,
      },
    });
  }

  async get(clientId: string): Promise<ClientSubscriptionDto> {
    const sub = await this.subscriptions.ofClient(clientId);
    if (!sub) throw new NotFoundException('No subscription for that client');
    const team = await this.team.get(clientId);
    return this.view(sub, sub.plan!, team.seatsUsed);
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

  private view(sub: ClientSubscription, plan: Plan, seatsUsed: number): ClientSubscriptionDto {
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
    };
  }
}
