import { Injectable } from '@nestjs/common';
import type { Tx } from '../core/database/transactions';
import { OutboxService, type OutboxEventType } from '../outbox';
import { seatLimitOf } from './seats';
import { SubscriptionRepository } from './subscription.repository';

/**
 * The subscription events (outbox → webhooks): each carries the subscription as it is after the
 * change (the schema of `subscription.started`), plus what is particular to it.
 */
@Injectable()
export class SubscriptionEvents {
  constructor(
    private readonly outbox: OutboxService,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  async record(tx: Tx, type: OutboxEventType, clientId: string, extra: Record<string, unknown> = {}): Promise<void> {
    const sub = (await this.subscriptions.ofClient(clientId, tx))!;
    const plan = sub.plan!;
    await this.outbox.record(tx, {
      type,
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
        compedSeats: sub.compedSeats,
        seatLimit: seatLimitOf({ seatsIncluded: plan.seatsIncluded, addOnSeats: sub.addOnSeats, compedSeats: sub.compedSeats }),
        status: sub.status,
        currentPeriodStart: sub.currentPeriodStart.toISOString(),
        currentPeriodEnd: sub.currentPeriodEnd?.toISOString() ?? null,
        ...extra,
      },
    });
  }
}
