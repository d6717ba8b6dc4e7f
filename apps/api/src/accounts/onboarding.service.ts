import { txOf } from '../core/database/transactions';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { PaymentMethod } from '../billing/entities/payment-method.entity';
import { STRIPE } from '../billing/stripe.provider';
import { ActivityService } from '../activity/activity.service';
import { Client, type OnboardingStep } from './entities/client.entity';
import { AppConfig } from '../core/config/app-config';
import { OutboxService } from '../outbox';
import { toCard } from '../billing/cards.service';
import type {
  BusinessDetailsDto,
  BusinessDetailsViewDto,
  CheckoutSessionDto,
  LeadPreferencesDto,
  LeadPreferencesViewDto,
  OnboardingStateDto,
} from './dto/onboarding.dto';
import { Industry } from '../catalog/entities/industry.entity';
import type { IntegrationKind } from './entities/integration-state.entity';
import { LeadPreferences } from './entities/lead-preferences.entity';
import { IntegrationsService } from './integrations.service';
import { OnboardingCompletion } from './onboarding-completion.service';
import { stepIndex, stepLabel, stepsFor } from './onboarding-steps';
import { businessNameKey } from './postcodes';

const UNIQUE_VIOLATION = '23505';
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

@Injectable()
export class OnboardingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly config: AppConfig,
    private readonly integrations: IntegrationsService,
    private readonly completion: OnboardingCompletion,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
  ) {}

  async state(clientId: string): Promise<OnboardingStateDto> {
    const client = await this.db.manager.findOne(Client, { where: { id: clientId }, relations: { industry: true } });
    if (!client) throw new NotFoundException('No client account for this user');
    const prefs = await this.db.manager.findOne(LeadPreferences, { where: { clientId } });
    const card = await this.db.manager.findOne(PaymentMethod, { where: { clientId, isDefault: true } });
    return {
      step: client.onboardingStep,
      steps: stepsFor(client.billingMode),
      billingMode: client.billingMode,
      status: client.status,
      businessDetails: businessView(client),
      leadPreferences: prefs ? preferencesView(prefs) : null,
      card: card ? toCard(card) : null,
      integrations: await this.integrations.states(clientId),
      inboundLeadUrl: client.inboundToken ? `${this.config.publicApiUrl}/api/leads/inbound/${client.inboundToken}` : null,
    };
  }

  /** Step 2, and later edits: saves the details and (re)registers the client with Stripe, LeadByte and Xero. */
  async submitBusinessDetails(clientId: string, actorUserId: string, dto: BusinessDetailsDto): Promise<OnboardingStateDto> {
    const industry = await this.db.manager.findOne(Industry, { where: { id: dto.industryId } });
    if (!industry || industry.archivedAt) {
      throw new BadRequestException({
        message: 'industryId must be one of the industries on offer',
        details: [{ field: 'industryId', messages: ['industryId must be one of the industries on offer'] }],
      });
    }
    let runs: Array<{ kind: IntegrationKind; revision: number }>;
    try {
      runs = await this.db.transaction(async (tx) => {
        const client = await this.lockClient(tx, clientId);
        this.assertReached(client, 'business_details');
        const first = client.businessName === null;
        const before = first ? null : businessView(client);
        await tx.update(
          Client,
          { id: clientId },
          {
            businessName: dto.businessName,
            businessNameKey: businessNameKey(dto.businessName),
            industryId: industry.id,
            addressLine1: dto.addressLine1,
            addressLine2: dto.addressLine2 ?? null,
            town: dto.town,
            postcode: dto.postcode,
            businessPhone: dto.phone,
            website: dto.website ?? null,
            inboundToken: client.inboundToken ?? randomBytes(24).toString('base64url'),
          },
        );
        const after = businessView({ ...client, ...(await tx.findOneOrFail(Client, { where: { id: clientId } })), industry });
        await this.activity.record(txOf(tx), {
          clientId,
          actorUserId,
          action: first ? 'business_details.submitted' : 'business_details.updated',
          before,
          after,
        });
        await this.outbox.record(txOf(tx), {
          type: first ? 'business_details.submitted' : 'business_details.updated',
          aggregateType: 'client',
          aggregateId: clientId,
          clientId,
          payload: { clientId, businessDetails: after, before },
        });
        await this.completion.advance(tx, clientId, 'business_details', actorUserId);
        const kinds: IntegrationKind[] =
          client.billingMode === 'billable' ? ['stripe_customer', 'leadbyte_buyer', 'xero_contact'] : ['leadbyte_buyer', 'xero_contact'];
        return this.integrations.prepare(tx, clientId, kinds);
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string; constraint?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException({
          message: 'A business with this name is already registered',
          details: [{ field: 'businessName', messages: ['A business with this name is already registered'] }],
        });
      }
      throw err;
    }
    await this.integrations.dispatch(clientId, runs);
    return this.state(clientId);
  }

  /** Step 3, and later edits (a paused flag, new areas, caps, schedule). */
  async submitLeadPreferences(clientId: string, actorUserId: string, dto: LeadPreferencesDto): Promise<OnboardingStateDto> {
    if (dto.weeklyCap != null && dto.weeklyCap < dto.dailyCap) {
      throw new BadRequestException({
        message: 'weeklyCap must be at least the daily cap',
        details: [{ field: 'weeklyCap', messages: ['weeklyCap must be at least the daily cap'] }],
      });
    }
    const start = toMinutes(dto.deliveryStart ?? '00:00');
    const end = toMinutes(dto.deliveryEnd ?? '24:00');
    if (start >= end) {
      throw new BadRequestException({
        message: 'deliveryEnd must be after deliveryStart',
        details: [{ field: 'deliveryEnd', messages: ['deliveryEnd must be after deliveryStart'] }],
      });
    }
    await this.db.transaction(async (tx) => {
      const client = await this.lockClient(tx, clientId);
      this.assertReached(client, 'lead_preferences');
      const existing = await tx.findOne(LeadPreferences, { where: { clientId } });
      const next: Omit<LeadPreferences, 'client' | 'updatedAt'> = {
        clientId,
        postcodeAreas: [...dto.postcodeAreas].sort(),
        dailyCap: dto.dailyCap,
        weeklyCap: dto.weeklyCap ?? null,
        deliveryDays: dto.deliveryDays ?? existing?.deliveryDays ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
        deliveryStartMinute: start,
        deliveryEndMinute: end,
        timeZone: dto.timeZone ?? existing?.timeZone ?? 'Europe/London',
        paused: dto.paused ?? existing?.paused ?? false,
        emailNewLeads: dto.emailNewLeads ?? existing?.emailNewLeads ?? false,
      };
      await tx.upsert(LeadPreferences, next, ['clientId']);
      const before = existing ? preferencesView(existing) : null;
      const after = preferencesView({ ...next, updatedAt: new Date() } as LeadPreferences);
      await this.activity.record(txOf(tx), { clientId, actorUserId, action: 'lead_preferences.updated', before, after });
      if (existing && existing.postcodeAreas.join() !== next.postcodeAreas.join()) {
        await this.outbox.record(txOf(tx), {
          type: 'postcode_areas.updated',
          aggregateType: 'client',
          aggregateId: clientId,
          clientId,
          payload: { clientId, before: existing.postcodeAreas, after: next.postcodeAreas },
        });
      }
      await this.completion.advance(tx, clientId, 'lead_preferences', actorUserId);
    });
    return this.state(clientId);
  }

  /** Step 4 (billable): a Stripe-hosted page in setup mode; it returns to the SPA with the session id. */
  async createCheckoutSession(clientId: string, returnTo: 'onboarding' | 'billing' = 'onboarding'): Promise<CheckoutSessionDto> {
    const client = await this.db.manager.findOneOrFail(Client, { where: { id: clientId } });
    if (client.billingMode !== 'billable') throw new ForbiddenException('Non-billable accounts have no card to add');
    this.assertReached(client, 'card');
    if (!client.stripeCustomerId) {
      throw new ConflictException('Your payment account is still being set up with Stripe; try again in a moment');
    }
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'setup',
        customer: client.stripeCustomerId,
        currency: 'gbp',
        success_url:
          returnTo === 'onboarding'
            ? `${this.config.appUrl}/onboarding/card/return?session_id={CHECKOUT_SESSION_ID}`
            : `${this.config.appUrl}/billing/cards/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url:
          returnTo === 'onboarding' ? `${this.config.appUrl}/onboarding/card?canceled=1` : `${this.config.appUrl}/billing?card=canceled`,
        metadata: { clientId },
      },
      { idempotencyKey: `setup-session:${clientId}:${randomBytes(8).toString('hex')}` },
    );
    if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
    return { url: session.url, sessionId: session.id };
  }

  private async lockClient(tx: EntityManager, clientId: string): Promise<Client> {
    const client = await tx.findOne(Client, { where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
    if (!client) throw new NotFoundException('No client account for this user');
    return client;
  }

  /** Steps can be revisited, never skipped. */
  private assertReached(client: Client, step: OnboardingStep): void {
    if (stepIndex(client.onboardingStep) < stepIndex(step)) {
      throw new ConflictException(`Complete the ${stepLabel(client.onboardingStep)} step first (expected step: ${client.onboardingStep})`);
    }
  }
}

function businessView(client: Client): BusinessDetailsViewDto | null {
  if (!client.businessName || !client.industryId) return null;
  return {
    businessName: client.businessName,
    industryId: client.industryId,
    industryName: client.industry?.name ?? '',
    addressLine1: client.addressLine1 ?? '',
    addressLine2: client.addressLine2,
    town: client.town ?? '',
    postcode: client.postcode ?? '',
    phone: client.businessPhone ?? '',
    website: client.website,
  };
}

function preferencesView(p: LeadPreferences): LeadPreferencesViewDto {
  return {
    postcodeAreas: p.postcodeAreas,
    dailyCap: p.dailyCap,
    weeklyCap: p.weeklyCap,
    deliveryDays: p.deliveryDays,
    deliveryStart: toHhmm(p.deliveryStartMinute),
    deliveryEnd: toHhmm(p.deliveryEndMinute),
    timeZone: p.timeZone,
    paused: p.paused,
    emailNewLeads: p.emailNewLeads,
  };
}
