import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { Delivery } from './entities/delivery.entity';
import { LedgerRepository } from '../billing';
import { literal, poolOf, SqlParams, sqlOf, sqlPart, type SqlParam } from '../core/database/sql';
import { OutboxRepository } from '../outbox';
import { buyerVersionSql } from './buyers.repository';
import type { Charged, DeliveryPlan, Offer, ReservationPlan } from './delivery-plan';
import { LeadRepository } from './lead.repository';
import { PingRepository } from './ping.repository';
import { hasCap, hasSpendLimit, OFFER_CHECKS, type Caps, type OfferCheck } from './offer-rules';

/** What the offer's statement did: the first check that refused it (or null), whether the lead row was written, and the delivery. */
export interface OfferResult {
  refusedBy: OfferCheck | null;
  leadWritten: boolean;
  deliveryId: string | null;
  charged: Charged | null;
}

interface OfferRow {
  reason: OfferCheck | null;
  lead_rows: number;
  delivered: number;
  account?: unknown;
  entry?: unknown;
}

/** The offer statements prepared on each pooled connection (by name); gone with the connection. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/**
 * deliveries (and, through its triggers, delivery_counts): the only writer. An offer is ONE
 * statement rendered from its plan — the checks under the buyer's credit-account lock (offer-rules,
 * in SQL), the lead write (LeadRepository), the charge (LedgerRepository), the delivery and its
 * events (OutboxRepository) — sent in one message after the lock, so it is one transaction and one
 * round trip.
 */
@Injectable()
export class DeliveryRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly leads: LeadRepository,
    private readonly outbox: OutboxRepository,
    private readonly pings: PingRepository,
  ) {}

  /** The offer: its checks and, when they pass, its writes, in one statement under the buyer's lock (runLocked). */
  async offer(plan: DeliveryPlan): Promise<OfferResult> {
    const q = new SqlParams();
    const deliveryId = randomUUID();
    const row = await this.runLocked<OfferRow>(plan.offer.clientId, this.statement(plan, deliveryId, q.param), q.values);
    return {
      refusedBy: row.reason,
      leadWritten: row.lead_rows > 0,
      deliveryId: row.delivered > 0 ? deliveryId : null,
      charged: plan.offer.price > 0 ? this.ledger.charged(row) : null,
    };
  }

  /**
   * A ping's reservation: the offer's checks for the buyer (caps, spend limits and credit, counting
   * what its other pings hold; no duplicate check, a ping carries no phone or email) and, when they
   * pass, the ping's row holding one lead and its price until it expires — one statement under the
   * buyer's lock, like an offer. The first check that refused it, or null when reserved.
   */
  async reserve(plan: ReservationPlan): Promise<OfferCheck | null> {
    const q = new SqlParams();
    const p = q.param;
    const o = plan.offer;
    const sql = `
      ${this.gate(o, p)},
      ${sqlOf(this.pings.reserveStep(p, plan.ping, 'gate WHERE gate.reason IS NULL'))}
      SELECT gate.reason, (SELECT count(*) FROM reserved)::int AS reserved FROM gate`;
    const row = await this.runLocked<{ reason: OfferCheck | null; reserved: number }>(o.clientId, sql, q.values);
    if (!row.reason && row.reserved !== 1) throw new Error(`Ping ${plan.ping.id} passed its checks but was not written`);
    return row.reason;
  }

  /**
   * The account (created if need be) with its lock, then the statement, go as two statements in one
   * message, which PostgreSQL runs as one transaction (all or nothing), each statement on a snapshot
   * of its own — so the checks see everything committed before the lock was granted — and the lock is
   * held only while PostgreSQL works, never across a round trip. The statement is prepared (once per
   * connection and shape), so PostgreSQL does not plan it for every lead. Its one row.
   */
  private async runLocked<T>(clientId: string, sql: string, values: unknown[]): Promise<T> {
    const name = `lead_delivery_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    const message = `${sqlOf(this.ledger.lockStatement(literal(clientId)))};
      EXECUTE ${name}(${values.map(literal).join(', ')})`;
    const connection = await poolOf(this.db).connect();
    let results: Array<{ rows: T[] }>;
    try {
      const prepared = preparedOn.get(connection) ?? new Set<string>();
      preparedOn.set(connection, prepared);
      const run = async () => {
        if (!prepared.has(name)) {
          await connection.query(`PREPARE ${name} AS ${sql}`);
          prepared.add(name);
        }
        return (await connection.query(message)) as unknown as Array<{ rows: T[] }>;
      };
      try {
        results = await run();
      } catch (err) {
        // The server forgot it (e.g. DISCARD ALL by a pooler): prepare it again, once.
        if ((err as { code?: string }).code !== '26000') throw err;
        prepared.clear();
        results = await run();
      }
    } finally {
      connection.release();
    }
    const row = results[results.length - 1]?.rows[0];
    if (!row) throw new Error('The delivery statement returned no row');
    return row;
  }

  /** The buyers who already had the lead. */
  async buyersOf(leadId: string): Promise<string[]> {
    return ((await this.db.query(`SELECT client_id FROM deliveries WHERE lead_id = $1`, [leadId])) as Array<{ client_id: string }>).map(
      (r) => r.client_id,
    );
  }

  /** A client's delivery of a lead, locked until the transaction ends (a report of it). */
  lockOfLead(tx: Tx, leadId: string, clientId: string): Promise<Delivery | null> {
    return managerOf(this.db, tx).findOne(Delivery, { where: { leadId, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  byId(tx: Tx, id: string): Promise<Delivery> {
    return managerOf(this.db, tx).findOneOrFail(Delivery, { where: { id } });
  }

  async setStatus(tx: Tx, id: string, status: Delivery['status']): Promise<void> {
    await managerOf(this.db, tx).update(Delivery, { id }, { status });
  }

  /** How many leads a client was delivered since a moment (the return rate's denominator). */
  async countDeliveredSince(tx: Tx | undefined, clientId: string, since: Date): Promise<number> {
    const [row] = (await managerOf(this.db, tx).query(
      `SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1 AND delivered_at >= $2`,
      [clientId, since],
    )) as Array<{ n: number }>;
    return row!.n;
  }

  /** A buyer's delivery of a lead (a resale's price and id). */
  ofLead(tx: Tx | undefined, leadId: string, clientId: string): Promise<Delivery | null> {
    return managerOf(this.db, tx).findOne(Delivery, { where: { leadId, clientId } });
  }

  /** Every delivery of these leads, oldest first. */
  ofLeads(tx: Tx | undefined, leadIds: string[]): Promise<Delivery[]> {
    if (leadIds.length === 0) return Promise.resolve([]);
    return managerOf(this.db, tx)
      .createQueryBuilder(Delivery, 'd')
      .where('d.lead_id = ANY(:leadIds)', { leadIds })
      .orderBy('d.delivered_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }

  /**
   * Drops the duplicate keys (hashes of the phone and email) of these leads' deliveries: an erased
   * lead no longer makes a later lead of the same person a duplicate.
   */
  async eraseKeys(tx: Tx, leadIds: string[]): Promise<void> {
    if (leadIds.length === 0) return;
    await managerOf(this.db, tx).query(
      `UPDATE deliveries SET fingerprint = NULL, email_fingerprint = NULL
        WHERE lead_id = ANY($1::uuid[]) AND (fingerprint IS NOT NULL OR email_fingerprint IS NOT NULL)`,
      [leadIds],
    );
  }

  /** The price of each delivery, by id. */
  async prices(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager.createQueryBuilder(Delivery, 'd').where('d.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((d) => [d.id, d.price]));
  }

  /**
   * The statement's head, ending with CTE `gate` (one row: `reason` null when the buyer takes the
   * lead, else the first check of OFFER_CHECKS that refused it): the buyer's local day, what its
   * pings hold (`held`), and the checks (offer-rules, in SQL) — caps, spend and credit counting the
   * held reservations, so a lead never takes what a ping promised.
   */
  private gate(o: Offer, p: SqlParam): string {
    const client = `${p(o.clientId)}::uuid`;
    const now = `${p(o.now.toISOString())}::timestamptz`;
    const tz = `${p(o.timeZone)}::text`;
    const checks: Record<OfferCheck, string[]> = { stale: [], duplicate: [], cap_reached: [], spend_limit_reached: [], no_credit: [] };
    if (o.buyerVersion) checks.stale.push(`${buyerVersionSql(client)} IS DISTINCT FROM ${p(o.buyerVersion)}::text`);
    // isDuplicate: each key probes its own index, (client, key, delivered_at).
    const windowStart = o.keys.phone || o.keys.email ? `${now} - make_interval(days => ${p(o.duplicateWindowDays)}::int)` : '';
    for (const [column, key] of [
      ['fingerprint', o.keys.phone],
      ['email_fingerprint', o.keys.email],
    ] as const) {
      if (key)
        checks.duplicate.push(
          `EXISTS (SELECT 1 FROM deliveries WHERE client_id = ${client} AND ${column} = ${p(key)}::character(64) AND delivered_at > ${windowStart})`,
        );
    }
    // capReached: today's and this week's counts (weeks start on Monday) in the buyer's time zone, from the counters, plus the held pings.
    const capReached = (scope: string, caps: Caps, held: 'n' | 'campaign_n') => {
      const over = [
        caps.dailyCap !== null ? `n.today + h.${held} >= ${p(caps.dailyCap)}::int` : null,
        caps.weeklyCap !== null ? `n.week + h.${held} >= ${p(caps.weeklyCap)}::int` : null,
      ].filter(Boolean);
      checks.cap_reached.push(`EXISTS (SELECT 1 FROM (
          SELECT coalesce(sum(c.count) FILTER (WHERE c.day = l.today), 0) AS today, coalesce(sum(c.count), 0) AS week
          FROM local_day l LEFT JOIN delivery_counts c ON c.client_id = ${client} AND c.scope = ${scope} AND c.day >= l.week_start
        ) n, held h WHERE ${over.join(' OR ')})`);
    };
    if (hasCap(o.caps)) capReached(client, o.caps, 'n');
    if (o.campaignCaps && hasCap(o.campaignCaps)) capReached(`${p(o.campaignCaps.campaignId)}::uuid`, o.campaignCaps, 'campaign_n');
    // spendLimitReached: this week's and this month's spend in the buyer's time zone, from the same counters, plus the held pings.
    if (o.price > 0 && hasSpendLimit(o.spendLimits)) {
      const over = [
        o.spendLimits.weeklySpendLimit !== null
          ? `n.week + h.amount + ${p(o.price)}::bigint > ${p(o.spendLimits.weeklySpendLimit)}::bigint`
          : null,
        o.spendLimits.monthlySpendLimit !== null
          ? `n.month + h.amount + ${p(o.price)}::bigint > ${p(o.spendLimits.monthlySpendLimit)}::bigint`
          : null,
      ].filter(Boolean);
      checks.spend_limit_reached.push(`EXISTS (SELECT 1 FROM (
          SELECT coalesce(sum(c.amount) FILTER (WHERE c.day >= l.week_start), 0) AS week, coalesce(sum(c.amount) FILTER (WHERE c.day >= l.month_start), 0) AS month
          FROM local_day l LEFT JOIN delivery_counts c ON c.client_id = ${client} AND c.scope = ${client} AND c.day >= least(l.week_start, l.month_start)
        ) n, held h WHERE ${over.join(' OR ')})`);
    }
    if (o.price > 0) checks.no_credit.push(sqlOf(this.ledger.cannotPay(p, o.clientId, o.price, sqlPart('(SELECT amount FROM held)'))));
    const when = OFFER_CHECKS.flatMap((check) => checks[check].map((condition) => `WHEN ${condition} THEN ${p(check)}::text`));
    return `
      WITH local_day AS (
        SELECT (${now} AT TIME ZONE ${tz})::date AS today, date_trunc('week', ${now} AT TIME ZONE ${tz})::date AS week_start,
               date_trunc('month', ${now} AT TIME ZONE ${tz})::date AS month_start
      ),
      ${sqlOf(this.pings.heldStep(p, client, now, o.campaignCaps?.campaignId ?? null, o.consumesPing?.id ?? null))},
      gate AS (
        SELECT (${when.length ? `CASE ${when.join(' ')} END` : 'NULL'})::text AS reason
      )`;
  }

  /** The offer's statement: the gate and, when it passes, the writes (lead, charge, delivery, events, the ping it consumes). */
  private statement({ offer: o, lead }: DeliveryPlan, deliveryId: string, p: SqlParam): string {
    const client = `${p(o.clientId)}::uuid`;
    const now = `${p(o.now.toISOString())}::timestamptz`;
    const charge =
      o.price > 0
        ? this.ledger.chargeStep(
            p,
            {
              clientId: o.clientId,
              amount: o.price,
              cause: `delivery:${deliveryId}`,
              description: `Lead: ${o.industryName} (${o.postcode})`,
              meta: { industryName: o.industryName, leadId: o.leadId },
            },
            'go',
          )
        : null;
    const events = this.outbox.insertStep(p, 'events', 'delivery', {
      types: ['lead.details_submitted', 'lead.send_data'],
      aggregateType: 'lead',
      aggregateId: o.leadId,
      clientId: o.clientId,
      payload: {
        leadId: o.leadId,
        deliveryId,
        clientId: o.clientId,
        industry: o.industryName,
        postcode: o.postcode,
        price: o.price,
        currency: o.currency,
        fields: o.values,
        contact: o.contact,
      },
    });
    const posted = o.consumesPing ? this.pings.postedStep(p, o.consumesPing.id, o.leadId, o.consumesPing.answer, now, 'delivery') : null;
    return `
      ${this.gate(o, p)},
      ${sqlOf(this.leads.offerStep(p, o.leadId, lead, 'stale'))},
      go AS (
        SELECT 1 FROM gate, lead_row WHERE gate.reason IS NULL LIMIT 1
      ),
      ${charge ? `${sqlOf(charge.ctes)},` : ''}
      delivery AS (
        INSERT INTO deliveries (id, lead_id, client_id, price, currency, fingerprint, email_fingerprint, delivered_at)
        SELECT ${p(deliveryId)}::uuid, ${p(o.leadId)}::uuid, ${client}, ${p(o.price)}::int, ${p(o.currency)}::text, ${p(o.keys.phone)}::character(64), ${p(o.keys.email)}::character(64), ${now}
        FROM go ${charge ? `WHERE ${sqlOf(this.ledger.chargeMade())}` : ''}
        RETURNING id
      ),
      ${sqlOf(events)}${
        posted
          ? `,
      ${sqlOf(posted)}`
          : ''
      }
      SELECT gate.reason,
        (SELECT count(*) FROM lead_row)::int AS lead_rows,
        (SELECT count(*) FROM delivery)::int AS delivered
        ${charge ? sqlOf(charge.outputs) : ''}
      FROM gate`;
  }
}
