import { txOf } from '../core/database/transactions';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ActivityService } from '../activity/activity.service';
import { Client, type OnboardingStep } from './entities/client.entity';
import { User } from '../identity/entities/user.entity';
import type { CmsBuyerEventData } from '../webhooks/event-catalog';
import { OutboxService } from '../outbox';
import { Industry } from '../catalog/entities/industry.entity';
import { LeadPreferences } from './entities/lead-preferences.entity';
import { nextStep } from './onboarding-steps';

/** Moves a client through the steps, and finishes onboarding (status, events) when none is left. */
@Injectable()
export class OnboardingCompletion {
  constructor(
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
  ) {}

  /** After `done` was submitted: moves on when it was the current step. Locks the client row. */
  async advance(tx: EntityManager, clientId: string, done: OnboardingStep, actorUserId: string | null): Promise<OnboardingStep> {
    const client = await tx.findOneOrFail(Client, { where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
    if (client.onboardingStep !== done) return client.onboardingStep;
    return this.moveTo(tx, client, nextStep(done, client.billingMode), actorUserId);
  }

  /** A billing mode change can remove the step a client is on (the card step for non-billable). */
  async realign(tx: EntityManager, client: Client, actorUserId: string | null): Promise<void> {
    if (client.onboardingStep === 'card' && client.billingMode === 'non_billable') await this.moveTo(tx, client, 'complete', actorUserId);
  }

  private async moveTo(tx: EntityManager, client: Client, step: OnboardingStep, actorUserId: string | null): Promise<OnboardingStep> {
    if (step !== 'complete') {
      await tx.update(Client, { id: client.id }, { onboardingStep: step });
      return step;
    }
    await tx.update(Client, { id: client.id }, { onboardingStep: 'complete', status: 'active', onboardedAt: new Date() });
    await this.activity.record(txOf(tx), {
      clientId: client.id,
      actorUserId,
      action: 'onboarding.completed',
      after: { billingMode: client.billingMode },
    });
    const buyer = await cmsBuyer(tx, client.id);
    await this.outbox.record(txOf(tx), {
      type: 'cms.buyer',
      aggregateType: 'client',
      aggregateId: client.id,
      clientId: client.id,
      payload: buyer,
    });
    if (client.billingMode === 'non_billable') {
      await this.outbox.record(txOf(tx), {
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

/** Everything the CMS keeps about a buyer: the `cms.buyer` payload (`CmsBuyerEventData`, version 2). */
export async function cmsBuyer(tx: EntityManager, clientId: string): Promise<CmsBuyerEventData & Record<string, unknown>> {
  const client = await tx.findOneOrFail(Client, { where: { id: clientId } });
  const owner = await tx.findOne(User, { where: { clientId, clientRole: 'owner' } });
  const industry = client.industryId ? await tx.findOne(Industry, { where: { id: client.industryId } }) : null;
  const prefs = await tx.findOne(LeadPreferences, { where: { clientId } });
  return {
    clientId: client.id,
    businessName: client.businessName ?? '',
    billingMode: client.billingMode,
    status: client.status,
    owner: owner ? { firstName: owner.firstName, lastName: owner.lastName, email: owner.email, phone: owner.phone } : null,
    business: {
      name: client.businessName ?? '',
      industry: industry ? { id: industry.id, name: industry.name, leadCost: industry.leadCost, currency: industry.currency } : null,
      address: { line1: client.addressLine1 ?? '', line2: client.addressLine2, town: client.town ?? '', postcode: client.postcode ?? '' },
      phone: client.businessPhone ?? '',
      website: client.website,
    },
    leadPreferences: prefs
      ? {
          postcodeAreas: prefs.postcodeAreas,
          dailyCap: prefs.dailyCap,
          weeklyCap: prefs.weeklyCap,
          deliveryDays: prefs.deliveryDays,
          deliveryStart: toHhmm(prefs.deliveryStartMinute),
          deliveryEnd: toHhmm(prefs.deliveryEndMinute),
          timeZone: prefs.timeZone,
          paused: prefs.paused,
        }
      : null,
    integrations: {
      stripeCustomerId: client.stripeCustomerId,
      leadbyteBuyerId: client.leadbyteBuyerId,
      xeroContactId: client.xeroContactId,
    },
  };
}

const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
