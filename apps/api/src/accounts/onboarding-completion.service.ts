import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ActivityService } from '../activity';
import { CardsService } from '../billing';
import { type Client, ClientRepository, type OnboardingStep, nextStep } from '../clients';
import type { Tx } from '../core/database/transactions';
import { OutboxService } from '../outbox';
import { BuyerProfileRepository } from './buyer-profile.repository';

/** Moves a client through the steps, and finishes onboarding (status, events) when none is left. */
@Injectable()
export class OnboardingCompletion implements OnModuleInit {
  constructor(
    private readonly clients: ClientRepository,
    private readonly buyers: BuyerProfileRepository,
    private readonly cards: CardsService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
  ) {}

  /** A stored card completes the card step, in the card's own transaction (from the browser's return or Stripe's webhook). */
  onModuleInit(): void {
    this.cards.onCardAdded(async (tx, clientId, actorUserId) => {
      await this.advance(tx, clientId, 'card', actorUserId);
    });
  }

  /** After `done` was submitted: moves on when it was the current step. Locks the client row. */
  async advance(tx: Tx, clientId: string, done: OnboardingStep, actorUserId: string | null): Promise<OnboardingStep> {
    const client = await this.clients.lock(tx, clientId);
    if (!client) throw new Error(`No client ${clientId}`);
    if (client.onboardingStep !== done) return client.onboardingStep;
    return this.moveTo(tx, client, nextStep(done, client.billingMode), actorUserId);
  }

  /** A billing mode change can remove the step a client is on (the card step for non-billable). */
  async realign(tx: Tx, client: Client, actorUserId: string | null): Promise<void> {
    if (client.onboardingStep === 'card' && client.billingMode === 'non_billable') await this.moveTo(tx, client, 'complete', actorUserId);
  }

  private async moveTo(tx: Tx, client: Client, step: OnboardingStep, actorUserId: string | null): Promise<OnboardingStep> {
    if (step !== 'complete') {
      await this.clients.update(tx, client.id, { onboardingStep: step });
      return step;
    }
    await this.clients.update(tx, client.id, { onboardingStep: 'complete', status: 'active', onboardedAt: new Date() });
    await this.activity.record(tx, {
      clientId: client.id,
      actorUserId,
      action: 'onboarding.completed',
      after: { billingMode: client.billingMode },
    });
    const buyer = await this.buyers.of(tx, client.id);
    await this.outbox.record(tx, {
      type: 'cms.buyer',
      aggregateType: 'client',
      aggregateId: client.id,
      clientId: client.id,
      payload: buyer,
    });
    if (client.billingMode === 'non_billable') {
      await this.outbox.record(tx, {
        type: 'client.signed_up_non_billable',
        aggregateType: 'client',
        aggregateId: client.id,
        clientId: client.id,
        payload: buyer,
      });
    }
    return 'complete';
  }
}
