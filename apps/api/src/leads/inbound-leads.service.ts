import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerService } from '../billing/ledger.service';
import { LedgerEntry } from '../billing/entities/ledger-entry.entity';
import { CreditAccount } from '../billing/entities/credit-account.entity';
import { Client } from '../clients/entities/client.entity';
import { Industry } from '../onboarding/entities/industry.entity';
import { LeadPreferences } from '../onboarding/entities/lead-preferences.entity';
import { DeliveryService, type DeliveryOutcome } from './delivery.service';
import { type RejectionReason } from './eligibility';
import { Lead } from './entities/lead.entity';
import { fingerprintOf, validateLeadFields, type FieldProblem, type LeadValues } from './lead-fields';

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
  no_credit: 402,
  unknown_buyer: 404,
  not_onboarded: 409,
};

const MESSAGE: Record<'accepted' | RejectionReason, string> = {
  accepted: 'Lead accepted',
  invalid_payload: 'The lead does not match the buyer’s lead fields',
  duplicate: 'The buyer already had this lead',
  paused: 'The buyer has paused leads',
  out_of_area: 'The postcode is outside the buyer’s areas',
  outside_schedule: 'The buyer does not take leads at this time',
  cap_reached: 'The buyer’s lead cap is reached',
  no_credit: 'The buyer has no credit left',
  unknown_buyer: 'No buyer has this lead URL',
  not_onboarded: 'The buyer has not finished signing up',
};

/** LeadByte's standard field names; the industry's other columns arrive as data1, data2, … in order. */
const LEADBYTE_STANDARD = new Set(['firstname', 'lastname', 'email', 'phone1', 'street1', 'towncity', 'county', 'postcode']);

const answer = (code: 'accepted' | RejectionReason, extra: Partial<LeadAnswer['body']> = {}): LeadAnswer => ({
  httpStatus: STATUS[code],
  body: { result: code === 'accepted' ? 'accepted' : 'rejected', code, message: MESSAGE[code], ...extra },
});

/**
 * LeadByte's direct post to a buyer's URL: validate → duplicate → eligibility → cap → charge →
 * store → events, or a rejection with a reason code. Everything after validation happens under the
 * buyer's credit-account lock, so caps and balances hold under any concurrency; the lead id makes
 * a redelivery return the first answer and charge nothing.
 */
@Injectable()
export class InboundLeadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly delivery: DeliveryService,
  ) {}

  async receive(token: string, body: Record<string, unknown>, now: Date = new Date()): Promise<LeadAnswer> {
    const client = await this.db.manager.findOne(Client, { where: { inboundToken: token } });
    if (!client) return answer('unknown_buyer');
    if (client.onboardingStep !== 'complete' || client.status !== 'active' || !client.industryId) return answer('not_onboarded');
    const industry = await this.db.manager.findOneOrFail(Industry, { where: { id: client.industryId } });
    const prefs = await this.db.manager.findOneOrFail(LeadPreferences, { where: { clientId: client.id } });
    const externalId = typeof body.lead_id === 'string' || typeof body.lead_id === 'number' ? String(body.lead_id).slice(0, 100) : null;

    const { values, problems } = validateLeadFields(industry.leadColumns, mapLeadbyteFields(industry.leadColumns, body));
    const postcode = typeof values.postcode === 'string' ? values.postcode : null;
    const fingerprint = fingerprintOf(industry.id, values);

    type Outcome = { replay: LeadAnswer } | { answer: LeadAnswer; charged: { account: CreditAccount; entry: LedgerEntry } | null; delivered?: DeliveryOutcome };
    const result = await this.db.transaction(async (tx): Promise<Outcome> => {
      // The buyer's account lock serialises every lead for this buyer: caps and balance hold.
      await this.ledger.lockAccount(tx, client.id);
      if (externalId) {
        const seen = await tx.findOne(Lead, { where: { source: 'leadbyte', targetClientId: client.id, externalId } });
        if (seen?.response) return { replay: seen.response as LeadAnswer };
      }
      const leadId = randomUUID();
      const reject = async (code: RejectionReason, extra: Partial<LeadAnswer['body']> = {}): Promise<Outcome> => {
        const a = answer(code, { leadId, ...extra });
        await this.storeLead(tx, { id: leadId, industryId: industry.id, externalId, targetClientId: client.id, postcode, values, fingerprint, status: 'rejected', reason: code, eligibility: [{ clientId: client.id, eligible: false, reason: code }], response: a });
        return { answer: a, charged: null };
      };
      if (problems.length > 0 || !postcode) {
        return reject('invalid_payload', { details: problems.length ? problems : [{ field: 'postcode', message: 'postcode is required' }] });
      }
      const outcome = await this.delivery.deliverInTx(tx, { leadId, client, prefs, industry, postcode, values, fingerprint, price: industry.leadCost, now }, true);
      if (!outcome.delivered) return reject(outcome.reason);
      const a = answer('accepted', { leadId, price: { amount: outcome.price, currency: industry.currency } });
      await this.storeLead(tx, { id: leadId, industryId: industry.id, externalId, targetClientId: client.id, postcode, values, fingerprint, status: 'delivered', reason: null, eligibility: [{ clientId: client.id, eligible: true, reason: null }], response: a });
      return { answer: a, charged: outcome.charged, delivered: outcome };
    });
    if ('replay' in result) return result.replay;
    if (result.delivered) await this.delivery.afterCommit({ prefs }, result.delivered);
    return result.answer;
  }

  private async storeLead(
    tx: EntityManager,
    l: { id: string; industryId: string; externalId: string | null; targetClientId: string; postcode: string | null; values: LeadValues; fingerprint: string | null; status: Lead['status']; reason: string | null; eligibility: Lead['eligibility']; response: LeadAnswer },
  ): Promise<void> {
    const row = tx.create(Lead, { id: l.id, industryId: l.industryId, source: 'leadbyte', externalId: l.externalId, targetClientId: l.targetClientId, postcode: l.postcode, fingerprint: l.fingerprint, status: l.status, reason: l.reason, eligibility: l.eligibility });
    row.fields = l.values;
    row.response = l.response;
    await tx.insert(Lead, row);
  }
}

/** LeadByte's names → the industry's columns (standard names as they are; dataN for the Nth other column). */
export function mapLeadbyteFields(columns: Industry['leadColumns'], body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let custom = 0;
  for (const column of columns) {
    if (LEADBYTE_STANDARD.has(column.key)) {
      out[column.key] = body[column.key];
      continue;
    }
    custom += 1;
    out[column.key] = body[column.key] ?? body[`data${custom}`];
  }
  return out;
}
