import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { sqlPart, type SqlParam, type SqlPart } from '../core/database/sql';
import { LeadPing } from './entities/lead-ping.entity';
import type { LeadValues } from './lead-fields';

/** An accepted ping's row, written by the reservation's statement when the buyer's checks pass. */
export interface NewReservation {
  id: string;
  supplierId: string;
  campaignId: string;
  industryId: string;
  clientId: string;
  price: number;
  heldAmount: number;
  currency: string;
  postcode: string;
  fields: LeadValues;
  expiresAt: Date;
}

/** Pings, ping → post conversion and expiries of one supplier over a period. */
export interface SupplierPingStats {
  supplierId: string;
  pings: number;
  accepted: number;
  posted: number;
  expired: number;
}

/**
 * lead_pings: the only writer. The reservation's parts go into the offer statements that
 * DeliveryRepository composes (`heldStep`, `reserveStep`, `postedStep`), so a reservation is made,
 * counted and consumed under the buyer's lock, in the same statement as the checks it affects.
 */
@Injectable()
export class PingRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * CTE `held`: what the buyer's pings still hold at `now` — leads (`n`, and `campaign_n` of one
   * campaign) and money (`amount`) — leaving out `except` (the ping being posted). An expired
   * reservation simply stops counting: no process has to be alive to release it.
   */
  heldStep(p: SqlParam, client: string, now: string, campaignId: string | null, except: string | null): SqlPart {
    const campaign = campaignId ? `count(*) FILTER (WHERE campaign_id = ${p(campaignId)}::uuid)::int` : '0';
    return sqlPart(`held AS (
      SELECT count(*)::int AS n, ${campaign} AS campaign_n, coalesce(sum(held_amount), 0)::bigint AS amount
      FROM lead_pings
      WHERE client_id = ${client} AND status IN ('open', 'posting') AND expires_at > ${now}${except ? ` AND id <> ${p(except)}::uuid` : ''}
    )`);
  }

  /** CTE `reserved`: the accepted ping's row, written only when `when` (a CTE) has a row. */
  reserveStep(p: SqlParam, r: NewReservation, when: string): SqlPart {
    return sqlPart(`reserved AS (
      INSERT INTO lead_pings (id, supplier_id, campaign_id, industry_id, accepted, client_id, price, held_amount, currency, postcode, fields, status, expires_at)
      SELECT ${p(r.id)}::uuid, ${p(r.supplierId)}::uuid, ${p(r.campaignId)}::uuid, ${p(r.industryId)}::uuid, TRUE, ${p(r.clientId)}::uuid,
        ${p(r.price)}::int, ${p(r.heldAmount)}::int, ${p(r.currency)}::text, ${p(r.postcode)}::text, ${p(JSON.stringify(r.fields))}::jsonb, 'open', ${p(r.expiresAt.toISOString())}::timestamptz
      FROM ${when}
      RETURNING id
    )`);
  }

  /** CTE `ping_posted`: the ping consumed by its post, with the post's answer, when `when` (a CTE) has a row. */
  postedStep(p: SqlParam, pingId: string, leadId: string, answer: unknown, now: string, when: string): SqlPart {
    return sqlPart(`ping_posted AS (
      UPDATE lead_pings SET status = 'posted', lead_id = ${p(leadId)}::uuid, answer = ${p(JSON.stringify(answer))}::jsonb, posted_at = ${now}
      WHERE id = ${p(pingId)}::uuid AND EXISTS (SELECT 1 FROM ${when})
    )`);
  }

  /** A ping no buyer took, kept for the supplier's acceptance rate. */
  async insertRefused(
    r: Pick<NewReservation, 'id' | 'supplierId' | 'campaignId' | 'industryId' | 'postcode' | 'fields'>,
    code: string,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO lead_pings (id, supplier_id, campaign_id, industry_id, accepted, code, postcode, fields, status, expires_at)
       VALUES ($1, $2, $3, $4, FALSE, $5, $6, $7, 'refused', now())`,
      [r.id, r.supplierId, r.campaignId, r.industryId, code, r.postcode, JSON.stringify(r.fields)],
    );
  }

  /** A supplier's ping. */
  bySupplier(supplierId: string, id: string): Promise<LeadPing | null> {
    return this.db.manager.findOne(LeadPing, { where: { id, supplierId } });
  }

  /**
   * Takes an open ping for its post, once: true when this caller has it (status `posting`, still
   * holding its reservation until it expires). A concurrent repeat, or a post after the time, gets false.
   */
  async claim(id: string, now: Date): Promise<boolean> {
    const rows = (await this.db.query(
      // (A bare UPDATE … RETURNING answers TypeORM's [rows, count]; a CTE keeps it a list of rows.)
      `WITH claimed AS (UPDATE lead_pings SET status = 'posting' WHERE id = $1 AND status = 'open' AND expires_at > $2 RETURNING id) SELECT id FROM claimed`,
      [id, now],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Gives a claimed ping back (the post could not be taken in, e.g. invalid fields): it may be posted again while it lasts. */
  async release(id: string): Promise<void> {
    await this.db.query(`UPDATE lead_pings SET status = 'open' WHERE id = $1 AND status = 'posting'`, [id]);
  }

  /** The final answer of a post that did not deliver (refused by the buyer's checks, or expired). */
  async settle(id: string, status: 'posted' | 'expired', answer: unknown, leadId: string | null): Promise<void> {
    await this.db.query(
      `UPDATE lead_pings SET status = $2::text, answer = $3::jsonb, lead_id = $4::uuid, posted_at = CASE WHEN $2::text = 'posted' THEN now() ELSE posted_at END
       WHERE id = $1 AND answer IS NULL`,
      [id, status, JSON.stringify(answer), leadId],
    );
  }

  /** Marks pings whose time is up and that were never posted as expired (their reservations stopped counting already); how many. */
  async expireDue(now: Date, limit = 5_000): Promise<number> {
    const rows = (await this.db.query(
      `WITH expired AS (
         UPDATE lead_pings SET status = 'expired'
         WHERE id IN (SELECT id FROM lead_pings WHERE status IN ('open', 'posting') AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id
       )
       SELECT id FROM expired`,
      [now, limit],
    )) as unknown[];
    return rows.length;
  }

  /** Per supplier over [from, to): pings, accepted, posted and expired. */
  async statsBySupplier(from: Date, to: Date): Promise<SupplierPingStats[]> {
    const rows = (await this.db.query(
      `SELECT supplier_id, count(*)::int AS pings, count(*) FILTER (WHERE accepted)::int AS accepted,
              count(*) FILTER (WHERE status = 'posted' AND lead_id IS NOT NULL AND (answer ->> 'status') = 'delivered')::int AS posted,
              count(*) FILTER (WHERE status = 'expired')::int AS expired
       FROM lead_pings WHERE created_at >= $1 AND created_at < $2
       GROUP BY supplier_id ORDER BY count(*) DESC, supplier_id`,
      [from, to],
    )) as Array<{ supplier_id: string; pings: number; accepted: number; posted: number; expired: number }>;
    return rows.map((r) => ({ supplierId: r.supplier_id, pings: r.pings, accepted: r.accepted, posted: r.posted, expired: r.expired }));
  }
}
