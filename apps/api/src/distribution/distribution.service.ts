import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from '../clients/entities/client.entity';
import { DeliveryService } from '../leads/delivery.service';
import { Lead, type EligibilityRecord } from '../leads/entities/lead.entity';
import { fingerprintOf, validateLeadFields, type LeadValues } from '../leads/lead-fields';
import { Industry } from '../onboarding/entities/industry.entity';
import { LeadPreferences } from '../onboarding/entities/lead-preferences.entity';
import type { IngestLeadDto, IngestResultDto } from './dto/distribution.dto';
import { CampaignSubscription } from './entities/campaign-subscription.entity';
import { Campaign } from './entities/campaign.entity';
import type { Supplier } from './entities/supplier.entity';
import { OutboxService } from '../webhooks/outbox.service';
import { offerOrder } from './strategies';

/**
 * Supplier leads: the campaign's strategy orders the eligible buyers, and each is offered the lead
 * in turn (under its own lock) until one takes it — or, for broadcast, every one that can. Every
 * candidate's outcome is kept on the lead as its eligibility record.
 */
@Injectable()
export class DistributionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly delivery: DeliveryService,
    private readonly outbox: OutboxService,
  ) {}

  async ingest(supplier: Supplier, dto: IngestLeadDto, now: Date = new Date(), random: () => number = Math.random): Promise<IngestResultDto> {
    const campaign = await this.db.manager.findOne(Campaign, { where: { id: dto.campaignId } });
    if (!campaign) throw new NotFoundException('No campaign with that id');
    if (!campaign.active) throw new ConflictException('The campaign is not active');
    if (dto.externalId) {
      const seen = await this.db.manager.findOne(Lead, { where: { supplierId: supplier.id, externalId: dto.externalId } });
      if (seen?.response) return seen.response as IngestResultDto;
    }
    const industry = await this.db.manager.findOneOrFail(Industry, { where: { id: campaign.industryId } });
    const { values, problems } = validateLeadFields(industry.leadColumns, dto.fields);
    const postcode = typeof values.postcode === 'string' ? values.postcode : null;
    const leadId = randomUUID();
    const lead = this.db.manager.create(Lead, { id: leadId, industryId: industry.id, source: 'supplier', externalId: dto.externalId ?? null, campaignId: campaign.id, supplierId: supplier.id, postcode, fingerprint: fingerprintOf(industry.id, values), status: 'unsold', reason: null, eligibility: [] });
    lead.fields = values;
    if (problems.length > 0 || !postcode) {
      const result: IngestResultDto = { leadId, status: 'rejected', reason: 'invalid_payload', deliveries: [], details: problems.length ? problems : [{ field: 'postcode', message: 'postcode is required' }] };
      lead.status = 'rejected';
      lead.reason = 'invalid_payload';
      lead.response = result;
      await this.db.manager.insert(Lead, lead);
      throw new UnprocessableEntityException({ message: 'The lead does not match the campaign’s lead fields', details: result.details!.map((d) => ({ field: d.field, messages: [d.message] })) });
    }
    // The lead row first: a concurrent repeat of the same reference waits here, then replays.
    const inserted = await this.db.manager.createQueryBuilder().insert().into(Lead).values(lead).orIgnore().execute();
    if ((inserted.raw as unknown[]).length === 0 && dto.externalId) {
      const first = await this.db.manager.findOneOrFail(Lead, { where: { supplierId: supplier.id, externalId: dto.externalId } });
      if (first.response) return first.response as IngestResultDto;
    }

    const subs = await this.db.manager.find(CampaignSubscription, { where: { campaignId: campaign.id, active: true } });
    const clients = subs.length ? await this.db.manager.createQueryBuilder(Client, 'c').where('c.id IN (:...ids)', { ids: subs.map((s) => s.clientId) }).getMany() : [];
    const prefs = subs.length ? await this.db.manager.createQueryBuilder(LeadPreferences, 'p').where('p.client_id IN (:...ids)', { ids: subs.map((s) => s.clientId) }).getMany() : [];
    const clientById = new Map(clients.map((c) => [c.id, c]));
    const prefsById = new Map(prefs.map((p) => [p.clientId, p]));

    const record: EligibilityRecord[] = [];
    const candidates = subs.filter((s) => {
      const c = clientById.get(s.clientId);
      const reason = !c ? 'unknown_buyer' : c.industryId !== industry.id ? 'industry' : c.onboardingStep !== 'complete' || c.status !== 'active' || !prefsById.get(s.clientId) ? 'not_onboarded' : null;
      if (reason) record.push({ clientId: s.clientId, eligible: false, reason });
      return !reason;
    });
    const cursor = campaign.strategy === 'round_robin' ? await this.advanceCursor(campaign.id) : 0;
    const order = offerOrder(campaign.strategy, candidates.map((s) => ({ clientId: s.clientId, weight: s.weight, priority: s.priority })), cursor, random);
    const subByClient = new Map(candidates.map((s) => [s.clientId, s]));
    const price = campaign.priceOverride ?? industry.leadCost;
    const deliveries: Array<{ clientId: string; price: number }> = [];
    for (const candidate of order) {
      if (deliveries.length > 0 && campaign.strategy !== 'broadcast') {
        record.push({ clientId: candidate.clientId, eligible: true, reason: 'not_offered' });
        continue;
      }
      const sub = subByClient.get(candidate.clientId)!;
      const outcome = await this.delivery.deliver({
        leadId,
        client: clientById.get(candidate.clientId)!,
        prefs: prefsById.get(candidate.clientId)!,
        industry,
        postcode,
        values,
        fingerprint: lead.fingerprint,
        price,
        now,
        campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap },
      });
      if (outcome.delivered) {
        deliveries.push({ clientId: candidate.clientId, price: outcome.price });
        record.push({ clientId: candidate.clientId, eligible: true, reason: null });
      } else {
        record.push({ clientId: candidate.clientId, eligible: false, reason: outcome.reason });
      }
    }
    const result: IngestResultDto = { leadId, status: deliveries.length ? 'delivered' : 'unsold', reason: deliveries.length ? null : 'no_eligible_buyer', deliveries };
    await this.db.manager.update(Lead, { id: leadId }, { status: result.status as Lead['status'], reason: result.reason, eligibility: record as never, response: result as never });
    return result;
  }

  /**
   * Admin reprocessing: offers the lead again through the engine (its campaign's strategy, or every
   * buyer of the industry for a LeadByte lead), never to a buyer who already had it.
   */
  async reprocess(leadId: string, now: Date = new Date()): Promise<IngestResultDto> {
    const lead = await this.db.manager.findOne(Lead, { where: { id: leadId } });
    if (!lead) throw new NotFoundException('No lead with that id');
    if (!lead.postcode || lead.status === 'rejected') throw new ConflictException('Only a valid lead can be reprocessed');
    const industry = await this.db.manager.findOneOrFail(Industry, { where: { id: lead.industryId } });
    const campaign = lead.campaignId ? await this.db.manager.findOne(Campaign, { where: { id: lead.campaignId } }) : null;
    const had = new Set((await this.db.query(`SELECT client_id FROM deliveries WHERE lead_id = $1`, [leadId]) as Array<{ client_id: string }>).map((r) => r.client_id));
    const subs = campaign
      ? await this.db.manager.find(CampaignSubscription, { where: { campaignId: campaign.id, active: true } })
      : ((await this.db.query(`SELECT id AS "clientId", 1 AS weight, 100 AS priority, NULL::int AS "dailyCap", NULL::int AS "weeklyCap" FROM clients WHERE industry_id = $1 AND onboarding_step = 'complete' AND status = 'active'`, [industry.id])) as CampaignSubscription[]);
    const candidates = subs.filter((s) => !had.has(s.clientId));
    if (candidates.length === 0) throw new ConflictException('Every buyer who could take this lead already had it');
    const clients = await this.db.manager.createQueryBuilder(Client, 'c').where('c.id IN (:...ids)', { ids: candidates.map((s) => s.clientId) }).getMany();
    const prefs = await this.db.manager.createQueryBuilder(LeadPreferences, 'p').where('p.client_id IN (:...ids)', { ids: candidates.map((s) => s.clientId) }).getMany();
    const clientById = new Map(clients.map((c) => [c.id, c]));
    const prefsById = new Map(prefs.map((p) => [p.clientId, p]));
    const strategy = campaign?.strategy ?? 'waterfall';
    const cursor = campaign && strategy === 'round_robin' ? await this.advanceCursor(campaign.id) : 0;
    const order = offerOrder(strategy, candidates.filter((s) => clientById.get(s.clientId) && prefsById.get(s.clientId)).map((s) => ({ clientId: s.clientId, weight: s.weight, priority: s.priority })), cursor);
    const record: EligibilityRecord[] = [...(lead.eligibility ?? [])].filter((e) => had.has(e.clientId));
    const deliveries: Array<{ clientId: string; price: number }> = [];
    for (const c of order) {
      if (deliveries.length > 0 && strategy !== 'broadcast') break;
      const sub = candidates.find((s) => s.clientId === c.clientId)!;
      const outcome = await this.delivery.deliver({
        leadId,
        client: clientById.get(c.clientId)!,
        prefs: prefsById.get(c.clientId)!,
        industry,
        postcode: lead.postcode,
        values: lead.fields as LeadValues,
        fingerprint: lead.fingerprint,
        price: campaign?.priceOverride ?? industry.leadCost,
        now,
        ...(campaign ? { campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap } } : {}),
      });
      record.push(outcome.delivered ? { clientId: c.clientId, eligible: true, reason: null } : { clientId: c.clientId, eligible: false, reason: outcome.reason });
      if (outcome.delivered) deliveries.push({ clientId: c.clientId, price: outcome.price });
    }
    await this.db.transaction(async (tx) => {
      await tx.update(Lead, { id: leadId }, { eligibility: record as never, ...(deliveries.length ? { status: 'delivered' as const, reason: null } : {}) });
      if (deliveries.length) {
        await this.outbox.record(tx, { type: 'lead.reprocessed', aggregateType: 'lead', aggregateId: leadId, clientId: deliveries[0]!.clientId, payload: { leadId, deliveries, previousBuyers: [...had] } });
      }
    });
    return { leadId, status: deliveries.length ? 'delivered' : 'unsold', reason: deliveries.length ? null : 'no_eligible_buyer', deliveries };
  }

  /** One shared rotation for every API instance: the cursor lives in the campaign row. */
  private async advanceCursor(campaignId: string): Promise<number> {
    const result = await this.db.manager.createQueryBuilder().update(Campaign).set({ rrCursor: () => 'rr_cursor + 1' }).where('id = :campaignId', { campaignId }).returning('rr_cursor').execute();
    const row = (result.raw as Array<{ rr_cursor: string }>)[0];
    if (!row) throw new NotFoundException('No campaign with that id');
    return Number(row.rr_cursor) - 1;
  }
}
