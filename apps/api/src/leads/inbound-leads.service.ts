import { Injectable } from '@nestjs/common';
import type { Industry } from '../catalog';
import { BuyersRepository, type LeadbyteBuyer } from './buyers.repository';
import type { NewLead } from './delivery-plan';
import { DeliveryService } from './delivery.service';
import { type RejectionReason } from './eligibility';
import { buyerBlock, takeIn } from './lead-intake';
import { LeadRepository } from './lead.repository';
import { STANDARD_FIELD_KEYS, type FieldProblem } from './lead-fields';

/** What LeadByte reads: a stable keyword and code, and the price when accepted. */
export interface LeadAnswer {
  httpStatus: number;
  body: {
    result: 'accepted' | 'rejected';
    code: 'accepted' | RejectionReason;
    message: string;
    leadId?: string;
    price?: { amount: number; currency: string };
    details?: FieldProblem[];
  };
}

const STATUS: Record<'accepted' | RejectionReason, number> = {
  accepted: 201,
  invalid_payload: 422,
  duplicate: 409,
  paused: 422,
  out_of_area: 422,
  outside_schedule: 422,
  cap_reached: 422,
  spend_limit_reached: 422,
  no_credit: 402,
  unknown_buyer: 404,
  not_onboarded: 409,
  suspended: 409,
};

const MESSAGE: Record<'accepted' | RejectionReason, string> = {
  accepted: 'Lead accepted',
  invalid_payload: 'The lead does not match the buyer’s lead fields',
  duplicate: 'The buyer already had this lead',
  paused: 'The buyer has paused leads',
  out_of_area: 'The postcode is outside the buyer’s areas',
  outside_schedule: 'The buyer does not take leads at this time',
  cap_reached: 'The buyer’s lead cap is reached',
  spend_limit_reached: 'The buyer’s spending limit is reached',
  no_credit: 'The buyer has no credit left',
  unknown_buyer: 'No buyer has this lead URL',
  not_onboarded: 'The buyer has not finished signing up',
  suspended: 'The buyer’s account is suspended: its subscription is unpaid',
};

const answer = (code: 'accepted' | RejectionReason, extra: Partial<LeadAnswer['body']> = {}): LeadAnswer => ({
  httpStatus: STATUS[code],
  body: { result: code === 'accepted' ? 'accepted' : 'rejected', code, message: MESSAGE[code], ...extra },
});

/**
 * LeadByte's direct post to a buyer's URL: intake (validate, normalise, fingerprint) → paused/area/
 * schedule → duplicate → cap → credit → charge → store → events, or a rejection with a reason code.
 * The buyer with its preferences and industry is read in one statement (or remembered: see
 * `remembered`), then the lead is decided and written in one transaction under the buyer's
 * credit-account lock, in one round trip (DeliveryService.deliver), so caps and balances hold under
 * any concurrency. The lead row is unique per buyer and lead id, so a redelivery — even a concurrent
 * one — writes nothing, charges nothing and gets the first answer again.
 */
@Injectable()
export class InboundLeadsService {
  /**
   * Buyers by lead URL, as last read, with their version. A remembered buyer is only ever used to
   * offer a lead, and the offer's statement checks the version under the buyer's lock (nothing is
   * written if it changed), so it saves the read without ever acting on old data; every other
   * outcome is decided on a fresh read.
   */
  private readonly remembered = new Map<string, LeadbyteBuyer & { until: number }>();

  constructor(
    private readonly buyers: BuyersRepository,
    private readonly leads: LeadRepository,
    private readonly delivery: DeliveryService,
  ) {}

  async receive(token: string, body: Record<string, unknown>, now: Date = new Date()): Promise<LeadAnswer> {
    const known = this.remembered.get(token);
    if (known && known.until > Date.now()) {
      const a = await this.decide(known, body, now, true);
      if (a) return a;
    }
    this.remembered.delete(token);
    const buyer = await this.buyers.leadbyteBuyer(token);
    if (!buyer) return answer('unknown_buyer');
    const a = await this.decide(buyer, body, now, false);
    if (!a) throw new Error('A lead decided on a fresh read came back stale');
    return a;
  }

  /** The answer, or null when a remembered buyer cannot decide it (any outcome but an offer, or the buyer changed). */
  private async decide(buyer: LeadbyteBuyer, body: Record<string, unknown>, now: Date, remembered: boolean): Promise<LeadAnswer | null> {
    const { client, prefs, industry, version, token } = buyer;
    const barred = !industry || !prefs ? 'not_onboarded' : buyerBlock(client, prefs);
    if (barred || !industry || !prefs) return remembered ? null : answer(barred ?? 'not_onboarded');
    const externalId = typeof body.lead_id === 'string' || typeof body.lead_id === 'number' ? String(body.lead_id).slice(0, 100) : null;
    const mapped = mapLeadbyteFields(industry.leadColumns, body);
    const intake = takeIn(industry, mapped.input, mapped.name);
    const leadId = intake.id;
    const lead: NewLead = {
      id: leadId,
      industryId: industry.id,
      externalId,
      clientId: client.id,
      postcode: intake.postcode,
      values: intake.values,
      contact: intake.contact,
      fingerprint: intake.keys.phone,
    };
    if (intake.problems.length > 0 || !intake.postcode) {
      if (remembered) return null;
      return this.storeRejected(lead, 'invalid_payload', answer('invalid_payload', { leadId, details: intake.problems }));
    }
    const attempt = {
      leadId,
      client,
      prefs,
      industry,
      postcode: intake.postcode,
      values: intake.values,
      contact: intake.contact,
      keys: intake.keys,
      price: industry.leadCost,
      now,
      ...(remembered ? { buyerVersion: version } : {}),
    };
    const blocked = this.delivery.precheck(attempt);
    if (blocked) return remembered ? null : this.storeRejected(lead, blocked, answer(blocked, { leadId }));

    const accepted = answer('accepted', {
      leadId,
      price: { amount: client.billingMode === 'billable' ? industry.leadCost : 0, currency: industry.currency },
    });
    const answers: Partial<Record<'accepted' | RejectionReason, LeadAnswer>> = { accepted };
    for (const code of ['duplicate', 'cap_reached', 'no_credit'] as const) answers[code] = answer(code, { leadId });
    const outcome = await this.delivery.deliver(attempt, { kind: 'new', lead, answers });
    switch (outcome.kind) {
      case 'delivered':
        this.remember(token, buyer);
        return accepted;
      case 'stale':
        return null;
      case 'replayed':
        return this.replay(client.id, externalId);
      case 'rejected':
        return answers[outcome.reason] ?? answer(outcome.reason, { leadId });
    }
  }

  private remember(token: string, buyer: LeadbyteBuyer): void {
    if (this.remembered.size >= REMEMBERED_BUYERS) this.remembered.clear();
    this.remembered.set(token, { ...buyer, until: Date.now() + REMEMBER_MS });
  }

  /** A lead rejected before any lock (invalid, paused, area, schedule): its row and answer, or the first answer when the lead id was seen before. */
  private async storeRejected(lead: NewLead, code: RejectionReason, a: LeadAnswer): Promise<LeadAnswer> {
    return (await this.leads.insertRejected(lead, code, a)) ? a : this.replay(lead.clientId, lead.externalId);
  }

  /** The first answer given to this lead id. */
  private async replay(clientId: string, externalId: string | null): Promise<LeadAnswer> {
    const response = (await this.leads.leadbyteAnswer(clientId, externalId)) as LeadAnswer | null;
    if (!response) throw new Error(`Lead ${externalId ?? '(no id)'} for ${clientId} was neither written nor found`);
    return response;
  }
}

/** How long, and how many, buyers are remembered (see `remembered`). */
const REMEMBER_MS = 60_000;
const REMEMBERED_BUYERS = 10_000;

/**
 * LeadByte's names → the industry's columns. A column with a LeadByte standard name
 * (`STANDARD_FIELDS`: firstname, email, phone1, street1, towncity, postcode, …) is read under that
 * name; every other column, in the industry's order, is `data1`, `data2`, … (or its own key, when
 * the post carries it). The standard fields themselves are passed through as they came, for the
 * lead's contact. `name` says how a column is called in answers: `data1 (roof_type)`.
 */
export function mapLeadbyteFields(
  columns: Industry['leadColumns'],
  body: Record<string, unknown>,
): { input: Record<string, unknown>; name: (key: string) => string } {
  const input: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const key of STANDARD_FIELD_KEYS) if (body[key] !== undefined) input[key] = body[key];
  let custom = 0;
  for (const column of columns) {
    if (STANDARD_FIELD_KEYS.has(column.key)) continue;
    custom += 1;
    const dataN = `data${custom}`;
    const own = body[column.key] !== undefined;
    input[column.key] = own ? body[column.key] : body[dataN];
    if (!own) names.set(column.key, `${dataN} (${column.key})`);
  }
  return { input, name: (key) => names.get(key) ?? key };
}
