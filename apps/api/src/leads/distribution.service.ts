import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from '../accounts/entities/client.entity';
import { DeliveryService, queryPrepared, type DeliveryAttempt } from './delivery.service';
import { Lead, type EligibilityRecord } from './entities/lead.entity';
import { duplicateKeysOf, validateLead, type LeadContact, type LeadValues } from './lead-fields';
import { Industry } from '../catalog/entities/industry.entity';
import { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import type { IngestLeadDto, IngestResultDto } from '../catalog/dto/distribution.dto';
import { CampaignSubscription } from '../catalog/entities/campaign-subscription.entity';
import { Campaign } from '../catalog/entities/campaign.entity';
import type { Supplier } from '../catalog/entities/supplier.entity';
import { OutboxService } from '../webhooks/outbox.service';
import { offerOrder } from './strategies';

/** What the engine needs of a campaign and its buyers, read in one statement. */
interface CampaignContext {
  campaign: Pick<Campaign, 'id' | 'industryId' | 'strategy' | 'priceOverride' | 'active'>;
  industry: Pick<Industry, 'id' | 'name' | 'leadCost' | 'currency' | 'leadColumns'>;
  subs: Array<{
    clientId: string;
    weight: number;
    priority: number;
    dailyCap: number | null;
    weeklyCap: number | null;
    client: Pick<Client, 'id' | 'industryId' | 'onboardingStep' | 'status' | 'billingMode'> | null;
    prefs: DeliveryAttempt['prefs'] | null;
  }>;
}

/**
 * Supplier leads: the campaign's strategy orders the eligible buyers, and each is offered the lead
 * in turn (each offer one transaction under that buyer's lock: DeliveryService) until one takes it —
 * or, for broadcast, every one that can. Every candidate's outcome is kept on the lead as its
 * eligibility record. Round trips for a lead the first buyer takes: the key, the campaign with its
 * buyers, the lead row (with the round-robin position), then the offer (lock, one statement that
 * also writes the lead's outcome, commit).
 */
@Injectable()
export class DistributionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly delivery: DeliveryService,
    private readonly outbox: OutboxService,
  ) {}

  async ingest(
    supplier: Supplier,
    dto: IngestLeadDto,
    now: Date = new Date(),
    random: () => number = Math.random,
  ): Promise<IngestResultDto> {
    const ctx = await this.context(dto.campaignId);
    if (!ctx) throw new NotFoundException('No campaign with that id');
    const { campaign, industry, subs } = ctx;
    if (!campaign.active) throw new ConflictException('The campaign is not active');
    const { values, contact, postcode, problems } = validateLead(industry.leadColumns, dto.fields);
    const leadId = randomUUID();
    const keys = duplicateKeysOf(industry.id, industry.leadColumns, values, contact);
    const lead = {
      id: leadId,
      industryId: industry.id,
      externalId: dto.externalId ?? null,
      campaignId: campaign.id,
      supplierId: supplier.id,
      postcode,
      values,
      contact,
      fingerprint: keys.phone,
    };
    if (problems.length > 0 || !postcode) {
      const result: IngestResultDto = {
        leadId,
        status: 'rejected',
        reason: 'invalid_payload',
        deliveries: [],
        details: problems.length ? problems : [{ field: 'postcode', message: 'postcode is required' }],
      };
      const { inserted } = await this.insertLead({ ...lead, status: 'rejected', reason: 'invalid_payload', response: result }, false);
      if (!inserted) return this.replay(supplier.id, dto.externalId!);
      throw new UnprocessableEntityException({
        message: 'The lead does not match the campaign’s lead fields',
        details: result.details!.map((d) => ({ field: d.field, messages: [d.message] })),
      });
    }
    // The lead row first (a repeat of the same reference finds it and replays), with the campaign's round-robin position.
    const { inserted, cursor } = await this.insertLead(
      { ...lead, status: 'unsold', reason: null, response: null },
      campaign.strategy === 'round_robin',
    );
    if (!inserted) return this.replay(supplier.id, dto.externalId!);

    const record: EligibilityRecord[] = [];
    const candidates = subs.filter((s) => {
      const c = s.client;
      const reason = !c
        ? 'unknown_buyer'
        : c.industryId !== industry.id
          ? 'industry'
          : c.onboardingStep !== 'complete' || c.status !== 'active' || !s.prefs
            ? 'not_onboarded'
            : null;
      if (reason) record.push({ clientId: s.clientId, eligible: false, reason });
      return !reason;
    });
    const order = offerOrder(
      campaign.strategy,
      candidates.map((s) => ({ clientId: s.clientId, weight: s.weight, priority: s.priority })),
      cursor,
      random,
    );
    const subByClient = new Map(candidates.map((s) => [s.clientId, s]));
    const price = campaign.priceOverride ?? industry.leadCost;
    const deliveries: Array<{ clientId: string; price: number }> = [];
    const single = campaign.strategy !== 'broadcast';
    for (const [i, candidate] of order.entries()) {
      if (deliveries.length > 0 && single) {
        record.push({ clientId: candidate.clientId, eligible: true, reason: 'not_offered' });
        continue;
      }
      const sub = subByClient.get(candidate.clientId)!;
      const client = sub.client!;
      // For a single-buyer strategy, the lead's outcome if this buyer takes it: written in the offer's own statement.
      const ifTaken = single
        ? {
            record: [
              ...record,
              { clientId: candidate.clientId, eligible: true, reason: null },
              ...order.slice(i + 1).map((c) => ({ clientId: c.clientId, eligible: true, reason: 'not_offered' })),
            ],
            response: {
              leadId,
              status: 'delivered',
              reason: null,
              deliveries: [{ clientId: candidate.clientId, price: client.billingMode === 'billable' ? price : 0 }],
            },
          }
        : null;
      const outcome = await this.delivery.deliver(
        {
          leadId,
          client,
          prefs: sub.prefs!,
          industry,
          postcode,
          values,
          contact,
          keys,
          price,
          now,
          campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap },
        },
        ifTaken
          ? (p) => `lead_outcome AS (
              UPDATE leads SET status = 'delivered', reason = NULL, eligibility = ${p(JSON.stringify(ifTaken.record))}::jsonb, response = ${p(JSON.stringify(ifTaken.response))}::jsonb
              FROM gate WHERE gate.reason IS NULL AND leads.id = ${p(leadId)}::uuid
            ),
            lead_row AS (SELECT 1)`
          : undefined,
      );
      if (outcome.delivered) {
        deliveries.push({ clientId: candidate.clientId, price: outcome.price });
        record.push({ clientId: candidate.clientId, eligible: true, reason: null });
      } else {
        record.push({ clientId: candidate.clientId, eligible: false, reason: outcome.reason });
      }
    }
    const result: IngestResultDto = {
      leadId,
      status: deliveries.length ? 'delivered' : 'unsold',
      reason: deliveries.length ? null : 'no_eligible_buyer',
      deliveries,
    };
    if (!(single && deliveries.length > 0)) {
      await this.db.manager.update(
        Lead,
        { id: leadId },
        { status: result.status as Lead['status'], reason: result.reason, eligibility: record as never, response: result as never },
      );
    }
    return result;
  }

  /** The campaign, its industry and its active subscriptions with each buyer's state and preferences. */
  private async context(campaignId: string): Promise<CampaignContext | null> {
    const [row] = await queryPrepared<CampaignContext>(
      this.db,
      'distribution_context',
      `SELECT
         json_build_object('id', c.id, 'industryId', c.industry_id, 'strategy', c.strategy, 'priceOverride', c.price_override, 'active', c.active) AS campaign,
         json_build_object('id', i.id, 'name', i.name, 'leadCost', i.lead_cost, 'currency', i.currency, 'leadColumns', i.lead_columns) AS industry,
         (SELECT coalesce(json_agg(json_build_object(
             'clientId', s.client_id, 'weight', s.weight, 'priority', s.priority, 'dailyCap', s.daily_cap, 'weeklyCap', s.weekly_cap,
             'client', CASE WHEN cl.id IS NULL THEN NULL ELSE json_build_object('id', cl.id, 'industryId', cl.industry_id, 'onboardingStep', cl.onboarding_step, 'status', cl.status, 'billingMode', cl.billing_mode) END,
             'prefs', CASE WHEN p.client_id IS NULL THEN NULL ELSE json_build_object('postcodeAreas', p.postcode_areas, 'deliveryDays', p.delivery_days, 'deliveryStartMinute', p.delivery_start_minute,
               'deliveryEndMinute', p.delivery_end_minute, 'timeZone', p.time_zone, 'paused', p.paused, 'dailyCap', p.daily_cap, 'weeklyCap', p.weekly_cap) END
           ) ORDER BY s.client_id), '[]'::json)
          FROM campaign_subscriptions s LEFT JOIN clients cl ON cl.id = s.client_id LEFT JOIN lead_preferences p ON p.client_id = s.client_id
          WHERE s.campaign_id = c.id AND s.active) AS subs
       FROM campaigns c JOIN industries i ON i.id = c.industry_id
       WHERE c.id = $1`,
      [campaignId],
    );
    return row ?? null;
  }

  /**
   * Writes the lead row unless the supplier's reference was seen before; for a round-robin lead, also
   * advances the campaign's shared rotation (one position per new lead) and returns where it stood.
   */
  private async insertLead(
    l: {
      id: string;
      industryId: string;
      externalId: string | null;
      campaignId: string;
      supplierId: string;
      postcode: string | null;
      values: LeadValues;
      contact: LeadContact;
      fingerprint: string | null;
      status: Lead['status'];
      reason: string | null;
      response: IngestResultDto | null;
    },
    advance: boolean,
  ): Promise<{ inserted: boolean; cursor: number }> {
    const [row] = await queryPrepared<{ inserted: number; position: string | null }>(
      this.db,
      'distribution_insert_lead',
      `WITH ins AS (
         INSERT INTO leads (id, industry_id, source, external_id, campaign_id, supplier_id, postcode, fields, contact, fingerprint, status, reason, eligibility, response)
         VALUES ($1, $2, 'supplier', $3, $4, $5, $6, $7::jsonb, $13::jsonb, $8, $9, $10, '[]'::jsonb, $11::jsonb)
         ON CONFLICT DO NOTHING
         RETURNING id
       ),
       cursor AS (
         UPDATE campaigns SET rr_cursor = rr_cursor + 1 FROM ins WHERE $12::boolean AND campaigns.id = $4 RETURNING rr_cursor - 1 AS position
       )
       SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT position FROM cursor) AS position`,
      [
        l.id,
        l.industryId,
        l.externalId,
        l.campaignId,
        l.supplierId,
        l.postcode,
        JSON.stringify(l.values),
        l.fingerprint,
        l.status,
        l.reason,
        l.response ? JSON.stringify(l.response) : null,
        advance,
        JSON.stringify(l.contact),
      ],
    );
    return { inserted: (row?.inserted ?? 0) > 0, cursor: Number(row?.position ?? 0) };
  }

  /** The first answer to this reference; a repeat that arrives while the first is still being offered is told to send it again. */
  private async replay(supplierId: string, externalId: string): Promise<IngestResultDto> {
    const first = await this.db.manager.findOne(Lead, { where: { supplierId, externalId } });
    if (!first) throw new Error(`Lead ${externalId} of supplier ${supplierId} was neither written nor found`);
    if (!first.response) throw new ConflictException('A lead with this reference is still being offered; send it again for its answer');
    return first.response as IngestResultDto;
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
    const had = new Set(
      ((await this.db.query(`SELECT client_id FROM deliveries WHERE lead_id = $1`, [leadId])) as Array<{ client_id: string }>).map(
        (r) => r.client_id,
      ),
    );
    const subs = campaign
      ? await this.db.manager.find(CampaignSubscription, { where: { campaignId: campaign.id, active: true } })
      : ((await this.db.query(
          `SELECT id AS "clientId", 1 AS weight, 100 AS priority, NULL::int AS "dailyCap", NULL::int AS "weeklyCap" FROM clients WHERE industry_id = $1 AND onboarding_step = 'complete' AND status = 'active'`,
          [industry.id],
        )) as CampaignSubscription[]);
    const candidates = subs.filter((s) => !had.has(s.clientId));
    if (candidates.length === 0) throw new ConflictException('Every buyer who could take this lead already had it');
    const clients = await this.db.manager
      .createQueryBuilder(Client, 'c')
      .where('c.id IN (:...ids)', { ids: candidates.map((s) => s.clientId) })
      .getMany();
    const prefs = await this.db.manager
      .createQueryBuilder(LeadPreferences, 'p')
      .where('p.client_id IN (:...ids)', { ids: candidates.map((s) => s.clientId) })
      .getMany();
    const clientById = new Map(clients.map((c) => [c.id, c]));
    const prefsById = new Map(prefs.map((p) => [p.clientId, p]));
    const strategy = campaign?.strategy ?? 'waterfall';
    const cursor = campaign && strategy === 'round_robin' ? await this.advanceCursor(campaign.id) : 0;
    const order = offerOrder(
      strategy,
      candidates
        .filter((s) => clientById.get(s.clientId) && prefsById.get(s.clientId))
        .map((s) => ({ clientId: s.clientId, weight: s.weight, priority: s.priority })),
      cursor,
    );
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
        contact: lead.contact,
        keys: duplicateKeysOf(industry.id, industry.leadColumns, lead.fields as LeadValues, lead.contact),
        price: campaign?.priceOverride ?? industry.leadCost,
        now,
        ...(campaign ? { campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap } } : {}),
      });
      record.push(
        outcome.delivered
          ? { clientId: c.clientId, eligible: true, reason: null }
          : { clientId: c.clientId, eligible: false, reason: outcome.reason },
      );
      if (outcome.delivered) deliveries.push({ clientId: c.clientId, price: outcome.price });
    }
    await this.db.transaction(async (tx) => {
      await tx.update(
        Lead,
        { id: leadId },
        { eligibility: record as never, ...(deliveries.length ? { status: 'delivered' as const, reason: null } : {}) },
      );
      if (deliveries.length) {
        await this.outbox.record(tx, {
          type: 'lead.reprocessed',
          aggregateType: 'lead',
          aggregateId: leadId,
          clientId: deliveries[0]!.clientId,
          payload: { leadId, deliveries, previousBuyers: [...had] },
        });
      }
    });
    return {
      leadId,
      status: deliveries.length ? 'delivered' : 'unsold',
      reason: deliveries.length ? null : 'no_eligible_buyer',
      deliveries,
    };
  }

  /** One shared rotation for every API instance: the cursor lives in the campaign row. */
  private async advanceCursor(campaignId: string): Promise<number> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(Campaign)
      .set({ rrCursor: () => 'rr_cursor + 1' })
      .where('id = :campaignId', { campaignId })
      .returning('rr_cursor')
      .execute();
    const row = (result.raw as Array<{ rr_cursor: string }>)[0];
    if (!row) throw new NotFoundException('No campaign with that id');
    return Number(row.rr_cursor) - 1;
  }
}
