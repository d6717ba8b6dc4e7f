import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { type IngestLeadDto, type IngestResultDto, CampaignRotationRepository, type Supplier } from '../catalog';
import { Transactions } from '../core/database/transactions';
import { OutboxService } from '../outbox';
import { BuyersRepository } from './buyers.repository';
import { DeliveryService, type DeliveryAttempt } from './delivery.service';
import type { EligibilityRecord, Lead } from './entities/lead.entity';
import { duplicateKeysOf, type LeadValues } from './lead-fields';
import { takeIn, type LeadIntake } from './lead-intake';
import { LeadRepository } from './lead.repository';
import { chargedPrice } from './offer-rules';
import { resalePrice } from './return-rules';
import { offerOrder } from './strategies';
import { candidateOf, eligibleSubscriptions, priceFor } from './campaign-candidates';

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
    private readonly buyers: BuyersRepository,
    private readonly leads: LeadRepository,
    private readonly rotation: CampaignRotationRepository,
    private readonly delivery: DeliveryService,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
  ) {}

  async ingest(
    supplier: Supplier,
    dto: IngestLeadDto,
    now: Date = new Date(),
    random: () => number = Math.random,
  ): Promise<IngestResultDto> {
    const ctx = await this.buyers.campaignContext(dto.campaignId);
    if (!ctx) throw new NotFoundException('No campaign with that id');
    const { campaign, industry } = ctx;
    if (!campaign.active) throw new ConflictException('The campaign is not active');
    const intake = takeIn(industry, dto.fields);
    const row = {
      id: intake.id,
      industryId: industry.id,
      externalId: dto.externalId ?? null,
      campaignId: campaign.id,
      supplierId: supplier.id,
      postcode: intake.postcode,
      values: intake.values,
      contact: intake.contact,
      fingerprint: intake.keys.phone,
    };
    if (intake.problems.length > 0 || !intake.postcode) return this.refuseInvalid(supplier, dto, row, intake);

    // The lead row first (a repeat of the same reference finds it and replays), with the campaign's round-robin position.
    const { inserted, cursor } = await this.leads.insertSupplierLead(
      { ...row, status: 'unsold', reason: null, response: null },
      (p, when) => this.rotation.advanceStep(p, campaign.id, campaign.strategy === 'round_robin', when),
    );
    if (!inserted) return this.replay(supplier.id, dto.externalId!);

    const { candidates, record } = eligibleSubscriptions(ctx);
    const basePrice = campaign.priceOverride ?? industry.leadCost;
    const order = offerOrder(
      campaign.strategy,
      candidates.map((s) => candidateOf(s, basePrice)),
      cursor,
      random,
    );
    const subByClient = new Map(candidates.map((s) => [s.clientId, s]));
    const single = campaign.strategy !== 'broadcast';
    const deliveries: Array<{ clientId: string; price: number }> = [];
    for (const [i, candidate] of order.entries()) {
      if (single && deliveries.length > 0) {
        record.push({ clientId: candidate.clientId, eligible: true, reason: 'not_offered' });
        continue;
      }
      const sub = subByClient.get(candidate.clientId)!;
      const price = priceFor(sub, basePrice);
      const attempt: DeliveryAttempt = {
        leadId: intake.id,
        client: sub.client!,
        prefs: sub.prefs!,
        industry,
        postcode: intake.postcode,
        values: intake.values,
        contact: intake.contact,
        keys: intake.keys,
        price,
        now,
        campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap },
      };
      // A single-buyer lead's outcome, if this buyer takes it, is written in the offer's own statement.
      const outcome = await this.delivery.deliver(
        attempt,
        single
          ? {
              kind: 'taken',
              eligibility: [
                ...record,
                { clientId: candidate.clientId, eligible: true, reason: null },
                ...order.slice(i + 1).map((c) => ({ clientId: c.clientId, eligible: true, reason: 'not_offered' })),
              ],
              response: {
                leadId: intake.id,
                status: 'delivered',
                reason: null,
                deliveries: [{ clientId: candidate.clientId, price: chargedPrice(sub.client!.billingMode, price) }],
              },
            }
          : { kind: 'existing' },
      );
      if (outcome.kind === 'delivered') {
        deliveries.push({ clientId: candidate.clientId, price: outcome.price });
        record.push({ clientId: candidate.clientId, eligible: true, reason: null });
      } else {
        record.push({ clientId: candidate.clientId, eligible: false, reason: outcome.kind === 'rejected' ? outcome.reason : null });
      }
    }
    const result = resultOf(intake.id, deliveries);
    if (!(single && deliveries.length > 0)) {
      await this.leads.recordOutcome(intake.id, {
        status: result.status as Lead['status'],
        reason: result.reason,
        eligibility: record,
        response: result,
      });
    }
    return result;
  }

  /** An invalid lead: stored as rejected with its answer (a repeat replays it), and refused with the fields that failed. */
  private async refuseInvalid(
    supplier: Supplier,
    dto: IngestLeadDto,
    row: Omit<Parameters<LeadRepository['insertSupplierLead']>[0], 'status' | 'reason' | 'response'>,
    intake: LeadIntake,
  ): Promise<IngestResultDto> {
    const result: IngestResultDto = {
      leadId: intake.id,
      status: 'rejected',
      reason: 'invalid_payload',
      deliveries: [],
      details: intake.problems,
    };
    const { inserted } = await this.leads.insertSupplierLead(
      { ...row, status: 'rejected', reason: 'invalid_payload', response: result },
      (p, when) => this.rotation.advanceStep(p, row.campaignId, false, when),
    );
    if (!inserted) return this.replay(supplier.id, dto.externalId!);
    throw new UnprocessableEntityException({
      message: 'The lead does not match the campaign’s lead fields',
      details: intake.problems.map((d) => ({ field: d.field, messages: [d.message] })),
    });
  }

  /** The first answer to this reference; a repeat that arrives while the first is still being offered is told to send it again. */
  private async replay(supplierId: string, externalId: string): Promise<IngestResultDto> {
    const first = await this.leads.bySupplierReference(supplierId, externalId);
    if (!first) throw new Error(`Lead ${externalId} of supplier ${supplierId} was neither written nor found`);
    if (!first.response) throw new ConflictException('A lead with this reference is still being offered; send it again for its answer');
    return first.response as IngestResultDto;
  }

  /**
   * Admin reprocessing: offers the lead again through the engine (its campaign's strategy, or every
   * buyer of the industry for a LeadByte lead), never to a buyer who already had it. A resale of an
   * approved return is priced at its discount.
   */
  async reprocess(
    leadId: string,
    now: Date = new Date(),
    resale?: { reportId: string; discountPercent: number },
  ): Promise<IngestResultDto> {
    const lead = await this.leads.byId(leadId);
    if (!lead) throw new NotFoundException('No lead with that id');
    if (!lead.postcode || lead.status === 'rejected') throw new ConflictException('Only a valid lead can be reprocessed');
    const industry = await this.buyers.industry(lead.industryId);
    const campaign = lead.campaignId ? await this.buyers.campaign(lead.campaignId) : null;
    const had = new Set(await this.delivery.buyersOf(leadId));
    const candidates = (await this.buyers.reofferCandidates(campaign?.id ?? null, industry.id)).filter((s) => !had.has(s.clientId));
    if (candidates.length === 0) throw new ConflictException('Every buyer who could take this lead already had it');
    const { clients, prefs } = await this.buyers.buyers(candidates.map((s) => s.clientId));
    const clientById = new Map(clients.map((c) => [c.id, c]));
    const prefsById = new Map(prefs.map((p) => [p.clientId, p]));
    const strategy = campaign?.strategy ?? 'waterfall';
    const cursor = campaign && strategy === 'round_robin' ? await this.rotation.advance(campaign.id) : 0;
    const basePrice = campaign?.priceOverride ?? industry.leadCost;
    const order = offerOrder(
      strategy,
      candidates.filter((s) => clientById.get(s.clientId) && prefsById.get(s.clientId)).map((s) => candidateOf(s, basePrice)),
      cursor,
    );
    const values = lead.fields as LeadValues;
    const keys = duplicateKeysOf(industry.id, industry.leadColumns, values, lead.contact);
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
        values,
        contact: lead.contact,
        keys,
        price: resale ? resalePrice(priceFor(sub, basePrice), resale.discountPercent) : priceFor(sub, basePrice),
        now,
        ...(campaign ? { campaignCaps: { campaignId: campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap } } : {}),
      });
      if (outcome.kind === 'delivered') {
        record.push({ clientId: c.clientId, eligible: true, reason: null });
        deliveries.push({ clientId: c.clientId, price: outcome.price });
      } else {
        record.push({ clientId: c.clientId, eligible: false, reason: outcome.kind === 'rejected' ? outcome.reason : null });
      }
    }
    await this.transactions.run(async (tx) => {
      await this.leads.recordOutcome(
        leadId,
        { eligibility: record, ...(deliveries.length ? { status: 'delivered' as const, reason: null } : {}) },
        tx,
      );
      if (deliveries.length) {
        await this.outbox.record(tx, {
          type: 'lead.reprocessed',
          aggregateType: 'lead',
          aggregateId: leadId,
          clientId: deliveries[0]!.clientId,
          payload: {
            leadId,
            deliveries,
            previousBuyers: [...had],
            ...(resale ? { resaleOf: resale.reportId, discountPercent: resale.discountPercent } : {}),
          },
        });
      }
    });
    return resultOf(leadId, deliveries);
  }
}

function resultOf(leadId: string, deliveries: Array<{ clientId: string; price: number }>): IngestResultDto {
  return {
    leadId,
    status: deliveries.length ? 'delivered' : 'unsold',
    reason: deliveries.length ? null : 'no_eligible_buyer',
    deliveries,
  };
}
