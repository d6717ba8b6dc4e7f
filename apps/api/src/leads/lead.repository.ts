import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { likeEscaped, queryPrepared, SqlParams, sqlOf, sqlPart, type SqlParam, type SqlPart } from '../core/database/sql';
import { managerOf, type Tx } from '../core/database/transactions';
import type { LeadWrite, NewLead } from './delivery-plan';
import type { RejectionReason } from './eligibility';
import { Lead, type EligibilityRecord } from './entities/lead.entity';
import type { ErasureReason } from './lead-erasure';
import type { LeadContact, LeadValues } from './lead-fields';

/** A lead as erasure reads it (locked) and the values it leaves (lead-erasure.ts). */
export interface LeadToErase {
  id: string;
  industryId: string;
  postcode: string | null;
  fields: Record<string, unknown>;
  contact: LeadContact;
  receivedAt: Date;
}
export interface ErasedLead {
  id: string;
  postcode: string | null;
  fields: LeadValues;
  contact: LeadContact;
}

/** A supplier's lead, written before it is offered. */
export interface NewSupplierLead {
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
  response: unknown;
}

/**
 * leads: the only writer. A lead row is written once (unique per source and reference, so a repeat
 * finds it); its outcome is written by the offer that decides it (`offerStep`, inside the delivery's
 * statement) or after the offers (`recordOutcome`).
 */
@Injectable()
export class LeadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The lead write of an offer (LeadWrite), as CTEs of the delivery's statement (DeliveryRepository),
   * which defines `gate` (one row; `reason` null when the buyer takes the lead, else the check that
   * refused it, or `stale`). Ends with `lead_row`: nothing is delivered unless it has a row.
   */
  offerStep(p: SqlParam, leadId: string, write: LeadWrite, stale: string): SqlPart {
    switch (write.kind) {
      case 'existing':
        return sqlPart('lead_row AS (SELECT 1)');
      case 'taken':
        return sqlPart(`lead_outcome AS (
            UPDATE leads SET status = 'delivered', reason = NULL, eligibility = ${p(JSON.stringify(write.eligibility))}::jsonb, response = ${p(JSON.stringify(write.response))}::jsonb
            FROM gate WHERE gate.reason IS NULL AND leads.id = ${p(leadId)}::uuid
          ),
          lead_row AS (SELECT 1)`);
      case 'new':
        return sqlPart(
          `lead_row AS (${insertLeadbyteLead(p, write.lead, write.answers, `FROM gate WHERE gate.reason IS DISTINCT FROM ${p(stale)}::text`)})`,
        );
    }
  }

  /** A LeadByte lead refused before any lock (invalid, paused, area, schedule) with its answer; false when the lead id was seen before. */
  async insertRejected(lead: NewLead, reason: RejectionReason, answer: unknown): Promise<boolean> {
    const q = new SqlParams();
    const rows = (await this.db.query(
      `WITH gate AS (SELECT ${q.param(reason)}::text AS reason), lead_row AS (${insertLeadbyteLead(q.param, lead, { [reason]: answer }, 'FROM gate')}) SELECT id FROM lead_row`,
      q.values,
    )) as unknown[];
    return rows.length > 0;
  }

  /** The answer first given to a LeadByte lead id (its replay), or null. */
  async leadbyteAnswer(clientId: string, externalId: string | null): Promise<unknown> {
    const [row] = (await this.db.query(
      `SELECT response FROM leads WHERE source = 'leadbyte' AND target_client_id = $1 AND external_id = $2`,
      [clientId, externalId],
    )) as Array<{ response: unknown }>;
    return row?.response ?? null;
  }

  /**
   * Writes a supplier's lead unless its reference was seen before; `advance` is a step of the
   * campaign's rotation (catalog) that runs only when the row is new, and returns where it stood.
   */
  async insertSupplierLead(
    l: NewSupplierLead,
    advance: (p: SqlParam, when: string) => SqlPart,
  ): Promise<{ inserted: boolean; cursor: number }> {
    const q = new SqlParams();
    const text = `WITH ins AS (
         INSERT INTO leads (id, industry_id, source, external_id, campaign_id, supplier_id, postcode, fields, contact, fingerprint, status, reason, eligibility, response)
         VALUES (${q.param(l.id)}::uuid, ${q.param(l.industryId)}::uuid, 'supplier', ${q.param(l.externalId)}, ${q.param(l.campaignId)}::uuid, ${q.param(l.supplierId)}::uuid, ${q.param(l.postcode)}, ${q.param(JSON.stringify(l.values))}::jsonb, ${q.param(JSON.stringify(l.contact))}::jsonb, ${q.param(l.fingerprint)}, ${q.param(l.status)}, ${q.param(l.reason)}, '[]'::jsonb, ${q.param(l.response === null ? null : JSON.stringify(l.response))}::jsonb)
         ON CONFLICT DO NOTHING
         RETURNING id
       ),
       ${sqlOf(advance(q.param, 'ins'))}
       SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT position FROM cursor) AS position`;
    const [row] = await queryPrepared<{ inserted: number; position: string | null }>(this.db, 'distribution_insert_lead', text, q.values);
    return { inserted: (row?.inserted ?? 0) > 0, cursor: Number(row?.position ?? 0) };
  }

  bySupplierReference(supplierId: string, externalId: string): Promise<Lead | null> {
    return this.db.manager.findOne(Lead, { where: { supplierId, externalId } });
  }

  byId(id: string): Promise<Lead | null> {
    return this.db.manager.findOne(Lead, { where: { id } });
  }

  /** The lead's outcome once its offers are done (status and reason only when given). */
  async recordOutcome(
    leadId: string,
    o: { eligibility: EligibilityRecord[]; status?: Lead['status']; reason?: string | null; response?: unknown },
    tx?: Tx,
  ): Promise<void> {
    await managerOf(this.db, tx).update(
      Lead,
      { id: leadId },
      {
        eligibility: o.eligibility as never,
        ...(o.status !== undefined ? { status: o.status } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
        ...(o.response !== undefined ? { response: o.response as never } : {}),
      },
    );
  }

  /**
   * Up to `limit` leads of an industry received before `before` and not yet erased, oldest first,
   * locked until the transaction ends; leads another transaction holds are skipped, so two retention
   * runs at once split the work instead of waiting for each other.
   */
  async dueForRetention(tx: Tx, industryId: string, before: Date, limit: number): Promise<string[]> {
    const rows = (await managerOf(this.db, tx).query(
      `SELECT id FROM leads WHERE industry_id = $1 AND received_at < $2 AND erased_at IS NULL
        ORDER BY received_at LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [industryId, before, limit],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /**
   * The leads that carry one of these values (a normalised email or phone) as a field or a standard
   * field, exactly. The search index over fields and contact finds the candidates; the exact test
   * keeps a value that only appears inside a longer text from matching.
   */
  async carrying(values: string[]): Promise<string[]> {
    if (values.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT l.id FROM leads l
        WHERE (${values.map((_, i) => `(l.fields::text || l.contact::text) ILIKE '%' || $${i + 1} || '%'`).join(' OR ')})
          AND EXISTS (SELECT 1 FROM jsonb_each_text(l.contact || l.fields) kv WHERE lower(kv.value) = ANY($${values.length + 1}::text[]))
        ORDER BY l.received_at, l.id`,
      [...values.map(likeEscaped), values.map((v) => v.toLowerCase())],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** These leads, not yet erased, locked until the transaction ends. */
  async lockForErasure(tx: Tx, ids: string[]): Promise<LeadToErase[]> {
    if (ids.length === 0) return [];
    const rows = (await managerOf(this.db, tx).query(
      `SELECT id, industry_id, postcode, fields, contact, received_at FROM leads
        WHERE id = ANY($1::uuid[]) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
      [ids],
    )) as Array<{
      id: string;
      industry_id: string;
      postcode: string | null;
      fields: Record<string, unknown>;
      contact: LeadContact;
      received_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      industryId: r.industry_id,
      postcode: r.postcode,
      fields: r.fields,
      contact: r.contact,
      receivedAt: r.received_at,
    }));
  }

  /**
   * Writes what erasure leaves of each lead (its fields, contact and postcode district), drops its
   * duplicate key, and marks it erased, once: a lead erased already is left as it is.
   */
  async erase(tx: Tx, leads: ErasedLead[], reason: ErasureReason, at: Date): Promise<void> {
    if (leads.length === 0) return;
    await managerOf(this.db, tx).query(
      `UPDATE leads l SET fields = e.fields, contact = e.contact, postcode = e.postcode, fingerprint = NULL,
              erased_at = $5, erasure_reason = $6
         FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::varchar[]) AS e(id, fields, contact, postcode)
        WHERE l.id = e.id AND l.erased_at IS NULL`,
      [
        leads.map((l) => l.id),
        leads.map((l) => JSON.stringify(l.fields)),
        leads.map((l) => JSON.stringify(l.contact)),
        leads.map((l) => l.postcode),
        at,
        reason,
      ],
    );
  }

  /** These leads as an access request reports them, with their industry's name (a read of catalog's industries). */
  async forAccess(ids: string[]): Promise<
    Array<{
      id: string;
      industry: string;
      source: string;
      status: string;
      postcode: string | null;
      fields: Record<string, unknown>;
      contact: LeadContact;
      receivedAt: Date;
      erasedAt: Date | null;
      erasureReason: ErasureReason | null;
    }>
  > {
    if (ids.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT l.id, i.name AS industry, l.source, l.status, l.postcode, l.fields, l.contact, l.received_at, l.erased_at, l.erasure_reason
         FROM leads l JOIN industries i ON i.id = l.industry_id WHERE l.id = ANY($1::uuid[]) ORDER BY l.received_at, l.id`,
      [ids],
    )) as Array<{
      id: string;
      industry: string;
      source: string;
      status: string;
      postcode: string | null;
      fields: Record<string, unknown>;
      contact: LeadContact;
      received_at: Date;
      erased_at: Date | null;
      erasure_reason: ErasureReason | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      industry: r.industry,
      source: r.source,
      status: r.status,
      postcode: r.postcode,
      fields: r.fields,
      contact: r.contact,
      receivedAt: r.received_at,
      erasedAt: r.erased_at,
      erasureReason: r.erasure_reason,
    }));
  }
}

/**
 * A LeadByte lead's INSERT … SELECT `from` (which has `gate`): its status, eligibility record and
 * the answer for the gate's outcome. Returns the row only if the lead id is new.
 */
function insertLeadbyteLead(p: SqlParam, l: NewLead, answers: Record<string, unknown>, from: string): string {
  return `INSERT INTO leads (id, industry_id, source, external_id, target_client_id, postcode, fields, contact, fingerprint, status, reason, eligibility, response)
    SELECT ${p(l.id)}::uuid, ${p(l.industryId)}::uuid, 'leadbyte', ${p(l.externalId)}, ${p(l.clientId)}::uuid, ${p(l.postcode)}, ${p(JSON.stringify(l.values))}::jsonb, ${p(JSON.stringify(l.contact))}::jsonb, ${p(l.fingerprint)},
      CASE WHEN gate.reason IS NULL THEN 'delivered' ELSE 'rejected' END, gate.reason,
      jsonb_build_array(jsonb_build_object('clientId', ${p(l.clientId)}::text, 'eligible', gate.reason IS NULL, 'reason', gate.reason)),
      ${p(JSON.stringify(answers))}::jsonb -> coalesce(gate.reason, 'accepted')
    ${from}
    ON CONFLICT DO NOTHING
    RETURNING id`;
}
