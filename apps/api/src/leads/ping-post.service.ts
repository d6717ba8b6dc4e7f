import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CampaignRotationRepository, SuppliersService, type Supplier } from '../catalog';
import { AppConfig } from '../core/config/app-config';
import { normalisePostcode } from '../accounts';
import { BuyersRepository, type CampaignContext } from './buyers.repository';
import { candidateOf, eligibleSubscriptions, priceFor, type Sub } from './campaign-candidates';
import { DeliveryService, type DeliveryAttempt } from './delivery.service';
import type { PingLeadDto, PingResultDto, PingStatsDto, PostLeadDto, PostResultDto } from './dto/ping.dto';
import type { LeadPing } from './entities/lead-ping.entity';
import { isPersonalColumn, PERSONAL_STANDARD_KEYS } from './lead-erasure';
import { validateLeadFields, type FieldProblem, type LeadValues } from './lead-fields';
import { takeIn } from './lead-intake';
import { LeadRepository } from './lead.repository';
import { chargedPrice } from './offer-rules';
import { PingRepository } from './ping.repository';
import { offerOrder } from './strategies';

const DAY_MS = 86_400_000;

/**
 * Ping/post: a supplier pings a lead's non-personal data; the campaign's strategy picks a buyer the
 * way it would for the lead, and the first whose checks pass gets a reservation (one lead of its
 * caps, its price in spend and credit) for `PING_TTL_SECONDS`. The post, with the whole lead, is
 * delivered to that buyer at that price and consumes the reservation in the same statement. A
 * reservation nobody posts stops counting when it expires, whatever happened to the processes.
 */
@Injectable()
export class PingPostService {
  constructor(
    private readonly buyers: BuyersRepository,
    private readonly pings: PingRepository,
    private readonly leads: LeadRepository,
    private readonly delivery: DeliveryService,
    private readonly rotation: CampaignRotationRepository,
    private readonly suppliers: SuppliersService,
    private readonly config: AppConfig,
  ) {}

  async ping(supplier: Supplier, dto: PingLeadDto, now: Date = new Date()): Promise<PingResultDto> {
    const ctx = await this.campaign(dto.campaignId);
    const { campaign, industry } = ctx;
    const { fields, postcode } = pingedFields(ctx, dto.fields);
    const pingId = randomUUID();
    const base = { id: pingId, supplierId: supplier.id, campaignId: campaign.id, industryId: industry.id, postcode, fields };
    const { candidates } = eligibleSubscriptions(ctx);
    const basePrice = campaign.priceOverride ?? industry.leadCost;
    const cursor = campaign.strategy === 'round_robin' && candidates.length > 1 ? await this.rotation.advance(campaign.id) : 0;
    const order = offerOrder(
      campaign.strategy,
      candidates.map((s) => candidateOf(s, basePrice)),
      cursor,
    );
    const expiresAt = new Date(now.getTime() + this.config.leads.pingTtlSeconds * 1_000);
    const subByClient = new Map(candidates.map((s) => [s.clientId, s]));
    for (const candidate of order) {
      const sub = subByClient.get(candidate.clientId)!;
      const price = priceFor(sub, basePrice);
      const refused = await this.delivery.reserve(this.attempt(ctx, sub, pingId, postcode, fields, price, now), { ...base, expiresAt });
      if (!refused) {
        return { pingId, accepted: true, price, currency: industry.currency, expiresAt: expiresAt.toISOString(), code: null };
      }
    }
    await this.pings.insertRefused(base, 'no_eligible_buyer');
    return { pingId, accepted: false, price: null, currency: null, expiresAt: null, code: 'no_eligible_buyer' };
  }

  async post(apiKey: string | undefined, dto: PostLeadDto, now: Date = new Date()): Promise<PostResultDto> {
    const supplier = await this.suppliers.authenticate(apiKey);
    const ping = await this.pings.bySupplier(supplier.id, dto.pingId);
    if (!ping) throw new NotFoundException('No ping of yours with that id');
    // Authorises the campaign as a direct post would (the key may have lost it since the ping).
    await this.suppliers.authorise(apiKey, ping.campaignId);
    if (ping.answer) return ping.answer as PostResultDto;
    if (!ping.accepted) throw new ConflictException('No buyer took that ping; ping the lead again');
    if (!(await this.pings.claim(ping.id, now))) return this.unclaimed(ping.id, supplier.id, now);
    try {
      return await this.deliverPost(ping, dto, now);
    } catch (err) {
      // Not taken in (invalid fields, a lost connection): the ping may be posted again while it lasts.
      await this.pings.release(ping.id);
      throw err;
    }
  }

  /** Per supplier: pings, acceptance rate and ping → post conversion over [from, to) (30 days by default). */
  async stats(fromText?: string, toText?: string, now: Date = new Date()): Promise<PingStatsDto> {
    const to = toText ? new Date(toText) : now;
    const from = fromText ? new Date(fromText) : new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) {
      throw new UnprocessableEntityException({
        message: 'from must be before to',
        details: [{ field: 'from', messages: ['must be before to'] }],
      });
    }
    const [rows, suppliers] = await Promise.all([this.pings.statsBySupplier(from, to), this.suppliers.list()]);
    const names = new Map(suppliers.map((s) => [s.id, s.name]));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      suppliers: rows.map((r) => ({
        ...r,
        supplierName: names.get(r.supplierId) ?? null,
        acceptanceRate: r.pings ? r.accepted / r.pings : 0,
        conversionRate: r.accepted ? r.posted / r.accepted : 0,
      })),
    };
  }

  /** Marks pings past their time as expired (their reservations stopped counting already). */
  expireDue(now: Date = new Date()): Promise<number> {
    return this.pings.expireDue(now);
  }

  /** The post of a claimed ping: checked against the ping, written, and offered to its buyer at its price. */
  private async deliverPost(ping: LeadPing, dto: PostLeadDto, now: Date): Promise<PostResultDto> {
    const ctx = await this.campaign(ping.campaignId, false);
    const intake = takeIn(ctx.industry, dto.fields);
    if (intake.problems.length > 0 || !intake.postcode) {
      throw new UnprocessableEntityException({
        message: 'The lead does not match the campaign’s lead fields',
        details: intake.problems.map((d) => ({ field: d.field, messages: [d.message] })),
      });
    }
    const mismatched = changedFields(ctx, ping, intake.values, intake.postcode);
    if (mismatched.length > 0) {
      // Not final: the right lead may still be posted while the ping lasts.
      await this.pings.release(ping.id);
      return { pingId: ping.id, leadId: intake.id, status: 'rejected', reason: 'ping_mismatch', deliveries: [], mismatched };
    }
    const sub = ctx.subs.find((s) => s.clientId === ping.clientId);
    const row = {
      id: intake.id,
      industryId: ctx.industry.id,
      externalId: dto.externalId ?? null,
      campaignId: ping.campaignId,
      supplierId: ping.supplierId,
      postcode: intake.postcode,
      values: intake.values,
      contact: intake.contact,
      fingerprint: intake.keys.phone,
    };
    if (!sub?.client || !sub.prefs) {
      // The buyer left the campaign since the ping: the lead is kept, unsold.
      const answer: PostResultDto = { pingId: ping.id, leadId: intake.id, status: 'unsold', reason: 'unknown_buyer', deliveries: [] };
      await this.writeLead(row, 'unsold', 'unknown_buyer', answer);
      await this.pings.settle(ping.id, 'posted', answer, intake.id);
      return answer;
    }
    const price = ping.price!;
    const delivered: PostResultDto = {
      pingId: ping.id,
      leadId: intake.id,
      status: 'delivered',
      reason: null,
      deliveries: [{ clientId: sub.clientId, price: chargedPrice(sub.client.billingMode, price) }],
    };
    await this.writeLead(row, 'unsold', null, null);
    const attempt: DeliveryAttempt = {
      ...this.attempt(ctx, sub, intake.id, intake.postcode, intake.values, price, now),
      contact: intake.contact,
      keys: intake.keys,
      consumesPing: { id: ping.id, answer: delivered },
    };
    const outcome = await this.delivery.deliver(attempt, {
      kind: 'taken',
      eligibility: [{ clientId: sub.clientId, eligible: true, reason: null }],
      response: delivered,
    });
    if (outcome.kind === 'delivered') return delivered;
    const reason = outcome.kind === 'rejected' ? outcome.reason : 'no_eligible_buyer';
    const answer: PostResultDto = { pingId: ping.id, leadId: intake.id, status: 'unsold', reason, deliveries: [] };
    await this.leads.recordOutcome(intake.id, {
      status: 'unsold',
      reason,
      eligibility: [{ clientId: sub.clientId, eligible: false, reason }],
      response: answer,
    });
    await this.pings.settle(ping.id, 'posted', answer, intake.id);
    return answer;
  }

  /** A post whose ping could not be claimed: its first answer, still being posted, or expired. */
  private async unclaimed(pingId: string, supplierId: string, now: Date): Promise<PostResultDto> {
    const ping = await this.pings.bySupplier(supplierId, pingId);
    if (ping?.answer) return ping.answer as PostResultDto;
    if (ping && ping.status === 'posting' && ping.expiresAt > now) {
      throw new ConflictException('This ping is being posted; send it again for its answer');
    }
    const answer: PostResultDto = { pingId, leadId: null, status: 'rejected', reason: 'ping_expired', deliveries: [] };
    await this.pings.settle(pingId, 'expired', answer, null);
    return answer;
  }

  private async writeLead(
    row: Omit<Parameters<LeadRepository['insertSupplierLead']>[0], 'status' | 'reason' | 'response'>,
    status: 'unsold',
    reason: string | null,
    response: unknown,
  ): Promise<void> {
    const { inserted } = await this.leads.insertSupplierLead({ ...row, status, reason, response }, (p, when) =>
      this.rotation.advanceStep(p, row.campaignId, false, when),
    );
    if (!inserted) throw new ConflictException('A lead with this externalId was already posted; use a new reference');
  }

  private async campaign(campaignId: string, mustBeActive = true): Promise<CampaignContext> {
    const ctx = await this.buyers.campaignContext(campaignId);
    if (!ctx) throw new NotFoundException('No campaign with that id');
    if (mustBeActive && !ctx.campaign.active) throw new ConflictException('The campaign is not active');
    if (ctx.campaign.strategy === 'broadcast') {
      throw new ConflictException('Ping/post is for campaigns that sell each lead to one buyer; this campaign broadcasts: post the lead');
    }
    return ctx;
  }

  private attempt(
    ctx: CampaignContext,
    sub: Sub,
    leadId: string,
    postcode: string,
    values: LeadValues,
    price: number,
    now: Date,
  ): DeliveryAttempt {
    return {
      leadId,
      client: sub.client!,
      prefs: sub.prefs!,
      industry: ctx.industry,
      postcode,
      values,
      contact: {},
      keys: { phone: null, email: null },
      price,
      now,
      campaignCaps: { campaignId: ctx.campaign.id, dailyCap: sub.dailyCap, weeklyCap: sub.weeklyCap },
    };
  }
}

/**
 * A ping's fields: refuses personal ones (422 naming each), then checks the industry's non-personal
 * columns as a post would (required ones too) and the postcode.
 */
function pingedFields(ctx: CampaignContext, input: Record<string, unknown>): { fields: LeadValues; postcode: string } {
  const columns = ctx.industry.leadColumns;
  const personalColumns = new Set(columns.filter(isPersonalColumn).map((c) => c.key));
  const personal = Object.keys(input).filter(
    (key) =>
      (PERSONAL_STANDARD_KEYS.has(key) || personalColumns.has(key)) && input[key] !== null && input[key] !== undefined && input[key] !== '',
  );
  if (personal.length > 0) {
    throw new UnprocessableEntityException({
      message: `A ping carries no personal data: leave out ${personal.join(', ')} and send them with the post`,
      details: personal.map((field) => ({ field, messages: [`${field} is personal data: send it with the post, not the ping`] })),
    });
  }
  const { values, problems } = validateLeadFields(
    columns.filter((c) => !isPersonalColumn(c)),
    input,
  );
  const postcode = typeof values.postcode === 'string' ? values.postcode : pingPostcode(input.postcode, problems);
  if (problems.length > 0 || !postcode) {
    if (!postcode && !problems.some((p) => p.field === 'postcode')) problems.push({ field: 'postcode', message: 'postcode is required' });
    throw new UnprocessableEntityException({
      message: 'The ping does not match the campaign’s lead fields',
      details: problems.map((d) => ({ field: d.field, messages: [d.message] })),
    });
  }
  return { fields: { ...values, postcode }, postcode };
}

/** The standard postcode field of a ping whose industry has no postcode column. */
function pingPostcode(raw: unknown, problems: FieldProblem[]): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const postcode = typeof raw === 'string' ? normalisePostcode(raw) : null;
  if (!postcode) problems.push({ field: 'postcode', message: 'postcode must be a UK postcode' });
  return postcode;
}

/** The pinged fields whose value the post changed (normalised both sides). */
function changedFields(ctx: CampaignContext, ping: LeadPing, values: LeadValues, postcode: string): string[] {
  const posted: LeadValues = { ...values, postcode };
  const keys = new Set([...Object.keys(ping.fields), ...ctx.industry.leadColumns.filter((c) => !isPersonalColumn(c)).map((c) => c.key)]);
  return [...keys].filter((key) => (ping.fields[key] ?? null) !== (posted[key] ?? null)).sort();
}
