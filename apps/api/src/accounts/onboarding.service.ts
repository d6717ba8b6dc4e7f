import { isUniqueViolation } from '../core/database/sql';
import { Transactions, type Tx } from '../core/database/transactions';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { CardsService } from '../billing';
import { ActivityService } from '../activity';
import { IndustryRepository } from '../catalog';
import { type Client, ClientRepository, type OnboardingStep, stepIndex, stepLabel, stepsFor } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { OutboxService } from '../outbox';
import type {
  BusinessDetailsDto,
  BusinessDetailsViewDto,
  LeadPreferencesDto,
  LeadPreferencesViewDto,
  OnboardingStateDto,
} from './dto/onboarding.dto';
import type { IntegrationKind } from './entities/integration-state.entity';
import type { LeadPreferences } from './entities/lead-preferences.entity';
import { LeadPreferencesRepository } from './lead-preferences.repository';
import { IntegrationsService } from './integrations.service';
import { OnboardingCompletion } from './onboarding-completion.service';
import { businessNameKey } from './postcodes';

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

@Injectable()
export class OnboardingService {
  constructor(
    private readonly tx: Transactions,
    private readonly clients: ClientRepository,
    private readonly preferences: LeadPreferencesRepository,
    private readonly industries: IndustryRepository,
    private readonly cards: CardsService,
    private readonly config: AppConfig,
    private readonly integrations: IntegrationsService,
    private readonly completion: OnboardingCompletion,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
  ) {}

  async state(clientId: string): Promise<OnboardingStateDto> {
    const client = await this.clients.withIndustry(clientId);
    if (!client) throw new NotFoundException('No client account for this user');
    const prefs = await this.preferences.byClient(clientId);
    const card = await this.cards.defaultCard(clientId);
    return {
      step: client.onboardingStep,
      steps: stepsFor(client.billingMode),
      billingMode: client.billingMode,
      status: client.status,
      businessDetails: businessView(client),
      leadPreferences: prefs ? preferencesView(prefs) : null,
      card,
      integrations: await this.integrations.states(clientId),
      inboundLeadUrl: client.inboundToken ? `${this.config.publicApiUrl}/api/leads/inbound/${client.inboundToken}` : null,
    };
  }

  /** Step 2, and later edits: saves the details and (re)registers the client with Stripe, LeadByte and Xero. */
  async submitBusinessDetails(clientId: string, actorUserId: string, dto: BusinessDetailsDto): Promise<OnboardingStateDto> {
    const industry = await this.industries.byId(dto.industryId);
    if (!industry || industry.archivedAt) {
      throw new BadRequestException({
        message: 'industryId must be one of the industries on offer',
        details: [{ field: 'industryId', messages: ['industryId must be one of the industries on offer'] }],
      });
    }
    let runs: Array<{ kind: IntegrationKind; revision: number }>;
    try {
      runs = await this.tx.run(async (tx) => {
        const client = await this.lockClient(tx, clientId);
        this.assertReached(client, 'business_details');
        const first = client.businessName === null;
        const before = first ? null : businessView(client);
        await this.clients.update(tx, clientId, {
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
        });
        const after = businessView({ ...client, ...(await this.clients.byId(clientId, tx))!, industry });
        await this.activity.record(tx, {
          clientId,
          actorUserId,
          action: first ? 'business_details.submitted' : 'business_details.updated',
          before,
          after,
        });
        await this.outbox.record(tx, {
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
      if (isUniqueViolation(err)) {
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
    await this.tx.run(async (tx) => {
      const client = await this.lockClient(tx, clientId);
      this.assertReached(client, 'lead_preferences');
      const existing = await this.preferences.byClient(clientId, tx);
      const next: Omit<LeadPreferences, 'client' | 'updatedAt'> = {
        clientId,
        postcodeAreas: [...dto.postcodeAreas].sort(),
        dailyCap: dto.dailyCap,
        weeklyCap: dto.weeklyCap ?? null,
        // Omitted keeps the current limit (an integrator updating its areas need not know of them); null clears it.
        weeklySpendLimit: dto.weeklySpendLimit !== undefined ? dto.weeklySpendLimit : (existing?.weeklySpendLimit ?? null),
        monthlySpendLimit: dto.monthlySpendLimit !== undefined ? dto.monthlySpendLimit : (existing?.monthlySpendLimit ?? null),
        deliveryDays: dto.deliveryDays ?? existing?.deliveryDays ?? ['mon', 'tue', 'wed', 'thu', 'fri'],
        deliveryStartMinute: start,
        deliveryEndMinute: end,
        timeZone: dto.timeZone ?? existing?.timeZone ?? 'Europe/London',
        paused: dto.paused ?? existing?.paused ?? false,
        emailNewLeads: dto.emailNewLeads ?? existing?.emailNewLeads ?? false,
      };
      await this.preferences.save(tx, next);
      const before = existing ? preferencesView(existing) : null;
      const after = preferencesView({ ...next, updatedAt: new Date() } as LeadPreferences);
      await this.activity.record(tx, { clientId, actorUserId, action: 'lead_preferences.updated', before, after });
      if (existing && existing.postcodeAreas.join() !== next.postcodeAreas.join()) {
        await this.outbox.record(tx, {
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

  private async lockClient(tx: Tx, clientId: string): Promise<Client> {
    const client = await this.clients.lock(tx, clientId);
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
    weeklySpendLimit: p.weeklySpendLimit,
    monthlySpendLimit: p.monthlySpendLimit,
    deliveryDays: p.deliveryDays,
    deliveryStart: toHhmm(p.deliveryStartMinute),
    deliveryEnd: toHhmm(p.deliveryEndMinute),
    timeZone: p.timeZone,
    paused: p.paused,
    emailNewLeads: p.emailNewLeads,
  };
}
