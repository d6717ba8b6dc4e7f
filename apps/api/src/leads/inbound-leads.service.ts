import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fromJsonRow, type SqlParam } from '../billing/ledger.service';
import { Client } from '../accounts/entities/client.entity';
import { Industry } from '../catalog/entities/industry.entity';
import { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import { buyerVersionSql, DeliveryService, queryPrepared, SqlParams, STALE } from './delivery.service';
import { type RejectionReason } from './eligibility';
import { duplicateKeysOf, STANDARD_FIELD_KEYS, validateLead, type FieldProblem, type LeadContact, type LeadValues } from './lead-fields';

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

const answer = (code: 'accepted' | RejectionReason, extra: Partial<LeadAnswer['body']> = {}): LeadAnswer => ({
  httpStatus: STATUS[code],
  body: { result: code === 'accepted' ? 'accepted' : 'rejected', code, message: MESSAGE[code], ...extra },
});

/**
 * LeadByte's direct post to a buyer's URL: validate → paused/area/schedule → duplicate → cap →
 * credit → charge → store → events, or a rejection with a reason code. The buyer with its
 * preferences and industry is read in one statement (or remembered: see `remembered`), then the
 * lead is decided and written in one transaction under the buyer's credit-account lock, in one
 * round trip (DeliveryService.deliver), so caps and balances hold under any concurrency. The lead row is unique per buyer and lead id, so a redelivery — even
 * a concurrent one — writes nothing, charges nothing and gets the first answer again.
 */
@Injectable()
export class InboundLeadsService {
  /**
   * Buyers by lead URL, as last read, with their version. A remembered buyer is only ever used to
   * offer a lead, and the offer's statement checks the version under the buyer's lock (nothing is
   * written if it changed), so it saves the read without ever acting on old data; every other
   * outcome is decided on a fresh read.
   */
  private readonly remembered = new Map<string, Buyer & { until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly delivery: DeliveryService,
  ) {}

  async receive(token: string, body: Record<string, unknown>, now: Date = new Date()): Promise<LeadAnswer> {
    const known = this.remembered.get(token);
    if (known && known.until > Date.now()) {
      const a = await this.decide(known, body, now, true);
      if (a) return a;
    }
    this.remembered.delete(token);
    const buyer = await this.buyer(token);
    if (!buyer) return answer('unknown_buyer');
    const a = await this.decide(buyer, body, now, false);
    if (!a) throw new Error('A lead decided on a fresh read came back stale');
    return a;
  }

  /** The answer, or null when a remembered buyer cannot decide it (any outcome but an offer, or the buyer changed). */
  private async decide(buyer: Buyer, body: Record<string, unknown>, now: Date, remembered: boolean): Promise<LeadAnswer | null> {
    const { client, prefs, industry, version, token } = buyer;
    if (client.onboardingStep !== 'complete' || client.status !== 'active' || !industry || !prefs)
      return remembered ? null : answer('not_onboarded');
    const externalId = typeof body.lead_id === 'string' || typeof body.lead_id === 'number' ? String(body.lead_id).slice(0, 100) : null;

    const mapped = mapLeadbyteFields(industry.leadColumns, body);
    const { values, contact, postcode, problems } = validateLead(industry.leadColumns, mapped.input, mapped.name);
    const keys = duplicateKeysOf(industry.id, industry.leadColumns, values, contact);
    const leadId = randomUUID();
    const lead = {
      id: leadId,
      industryId: industry.id,
      externalId,
      clientId: client.id,
      postcode,
      values,
      contact,
      fingerprint: keys.phone,
    };

    if (problems.length > 0 || !postcode) {
      if (remembered) return null;
      const a = answer('invalid_payload', {
        leadId,
        details: problems.length ? problems : [{ field: 'postcode', message: 'postcode is required' }],
      });
      return (await this.storeRejected(lead, 'invalid_payload', a)) ?? (await this.replay(client.id, externalId));
    }
    const attempt = {
      leadId,
      client,
      prefs,
      industry,
      postcode,
      values,
      contact,
      keys,
      price: industry.leadCost,
      now,
      ...(remembered ? { buyerVersion: version } : {}),
    };
    const blocked = this.delivery.precheck(attempt);
    if (blocked) {
      if (remembered) return null;
      return (await this.storeRejected(lead, blocked, answer(blocked, { leadId }))) ?? (await this.replay(client.id, externalId));
    }

    const accepted = answer('accepted', {
      leadId,
      price: { amount: client.billingMode === 'billable' ? industry.leadCost : 0, currency: industry.currency },
    });
    const answers: Partial<Record<'accepted' | RejectionReason, LeadAnswer>> = { accepted };
    for (const code of ['duplicate', 'cap_reached', 'no_credit'] as const) answers[code] = answer(code, { leadId });
    const outcome = await this.delivery.deliver(attempt, (p) => insertLeadSql(p, lead, answers));
    if (outcome.delivered) {
      this.remember(token, buyer);
      return accepted;
    }
    if (outcome.reason === STALE) return null;
    if (outcome.reason === null) return this.replay(client.id, externalId);
    return answers[outcome.reason] ?? answer(outcome.reason, { leadId });
  }

  private remember(token: string, buyer: Buyer): void {
    if (this.remembered.size >= REMEMBERED_BUYERS) this.remembered.clear();
    this.remembered.set(token, { ...buyer, until: Date.now() + REMEMBER_MS });
  }

  /** The buyer behind a lead URL, with its preferences, industry and version, in one statement. */
  private async buyer(token: string): Promise<Buyer | null> {
    const [row] = await queryPrepared<{
      client: Record<string, unknown>;
      prefs: Record<string, unknown> | null;
      industry: Record<string, unknown> | null;
      version: string;
    }>(
      this.db,
      'leadbyte_buyer',
      `SELECT row_to_json(bc) AS client, row_to_json(bp) AS prefs, row_to_json(bi) AS industry, ${buyerVersionSql('bc.id')} AS version
       FROM clients bc LEFT JOIN lead_preferences bp ON bp.client_id = bc.id LEFT JOIN industries bi ON bi.id = bc.industry_id
       WHERE bc.inbound_token = $1`,
      [token],
    );
    if (!row) return null;
    return {
      token,
      version: row.version,
      client: fromJsonRow(this.db, Client, row.client),
      prefs: row.prefs ? fromJsonRow(this.db, LeadPreferences, row.prefs) : null,
      industry: row.industry ? fromJsonRow(this.db, Industry, row.industry) : null,
    };
  }

  /** A lead rejected before any lock (invalid, paused, area, schedule): its row and answer, or null when the lead id was seen before. */
  private async storeRejected(lead: LeadRow, code: RejectionReason, a: LeadAnswer): Promise<LeadAnswer | null> {
    const q = new SqlParams();
    const rows = (await this.db.query(
      `WITH gate AS (SELECT ${q.param(code)}::text AS reason), ${insertLeadSql(q.param, lead, { [code]: a })} SELECT id FROM lead_row`,
      q.values,
    )) as unknown[];
    return rows.length > 0 ? a : null;
  }

  /** The first answer given to this lead id. */
  private async replay(clientId: string, externalId: string | null): Promise<LeadAnswer> {
    const [row] = (await this.db.query(
      `SELECT response FROM leads WHERE source = 'leadbyte' AND target_client_id = $1 AND external_id = $2`,
      [clientId, externalId],
    )) as Array<{ response: LeadAnswer | null }>;
    if (!row?.response) throw new Error(`Lead ${externalId ?? '(no id)'} for ${clientId} was neither written nor found`);
    return row.response;
  }
}

/** How long, and how many, buyers are remembered (see `remembered`). */
const REMEMBER_MS = 60_000;
const REMEMBERED_BUYERS = 10_000;

interface Buyer {
  token: string;
  client: Client;
  prefs: LeadPreferences | null;
  industry: Industry | null;
  version: string;
}

interface LeadRow {
  id: string;
  industryId: string;
  externalId: string | null;
  clientId: string;
  postcode: string | null;
  values: LeadValues;
  contact: LeadContact;
  fingerprint: string | null;
}

/**
 * The lead row's INSERT, reading the outcome from `gate` (`reason`: null when accepted): its status,
 * eligibility record and the answer for that outcome. Returns the row only if the lead id is new.
 */
function insertLeadSql(p: SqlParam, l: LeadRow, answers: Partial<Record<'accepted' | RejectionReason, LeadAnswer>>): string {
  return `lead_row AS (INSERT INTO leads (id, industry_id, source, external_id, target_client_id, postcode, fields, contact, fingerprint, status, reason, eligibility, response)
    SELECT ${p(l.id)}::uuid, ${p(l.industryId)}::uuid, 'leadbyte', ${p(l.externalId)}, ${p(l.clientId)}::uuid, ${p(l.postcode)}, ${p(JSON.stringify(l.values))}::jsonb, ${p(JSON.stringify(l.contact))}::jsonb, ${p(l.fingerprint)},
      CASE WHEN gate.reason IS NULL THEN 'delivered' ELSE 'rejected' END, gate.reason,
      jsonb_build_array(jsonb_build_object('clientId', ${p(l.clientId)}::text, 'eligible', gate.reason IS NULL, 'reason', gate.reason)),
      ${p(JSON.stringify(answers))}::jsonb -> coalesce(gate.reason, 'accepted')
    FROM gate WHERE gate.reason IS DISTINCT FROM '${STALE}'
    ON CONFLICT DO NOTHING
    RETURNING id)`;
}

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
