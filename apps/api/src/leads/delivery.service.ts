import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { escapeLiteral, type Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { CreditAccount } from '../billing/entities/credit-account.entity';
import type { LedgerEntry } from '../billing/entities/ledger-entry.entity';
import { LedgerService, type SqlParam } from '../billing/ledger.service';
import type { Client } from '../accounts/entities/client.entity';
import { AppConfig } from '../core/config/app-config';
import type { Industry } from '../catalog/entities/industry.entity';
import type { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import { staticEligibility, type RejectionReason } from './eligibility';
import type { DuplicateKeys, LeadContact, LeadValues } from './lead-fields';

export interface DeliveryAttempt {
  leadId: string;
  client: Pick<Client, 'id' | 'billingMode'>;
  prefs: Pick<
    LeadPreferences,
    'postcodeAreas' | 'deliveryDays' | 'deliveryStartMinute' | 'deliveryEndMinute' | 'timeZone' | 'paused' | 'dailyCap' | 'weeklyCap'
  >;
  industry: Pick<Industry, 'name' | 'currency'>;
  postcode: string;
  values: LeadValues;
  /** The standard fields it carried (name, address, phones, email…), sent with the delivery's events. */
  contact: LeadContact;
  /** Its phone and email keys: a duplicate when either matches a lead the buyer had in the window. */
  keys: DuplicateKeys;
  price: number;
  now: Date;
  /** A campaign subscription's own caps, counted on that campaign's leads. */
  campaignCaps?: { campaignId: string; dailyCap: number | null; weeklyCap: number | null };
  /**
   * The buyer's version (`buyerVersionSql`) the caller decided with, when it used a remembered copy:
   * if the buyer, its preferences or its industry changed since, nothing is written and the outcome
   * is `stale`.
   */
  buyerVersion?: string;
}

/**
 * A version of a buyer's rows that the decisions depend on (the client, its lead preferences, its
 * industry): an md5 of their contents, so any change to any of them changes it. `client` is an SQL
 * expression of the client's id.
 */
export function buyerVersionSql(client: string): string {
  return `(SELECT md5(row_to_json(c)::text || coalesce(row_to_json(p)::text, '') || coalesce(row_to_json(i)::text, ''))
    FROM clients c LEFT JOIN lead_preferences p ON p.client_id = c.id LEFT JOIN industries i ON i.id = c.industry_id
    WHERE c.id = ${client})`;
}

/**
 * What the caller writes about the lead itself in the delivery's statement: CTEs, one of them named
 * `lead_row`, that may read `gate` (one row; `reason` is null when the buyer can take the lead, else
 * the rejection, or STALE, when nothing may be written). Nothing is delivered unless `lead_row` returns a row, so a lead row that already
 * exists (INSERT … ON CONFLICT DO NOTHING) stops it: the outcome is then `reason: null`.
 */
export type LeadRowSql = (param: SqlParam) => string;

/** The gate's reason when the caller's copy of the buyer was out of date (`buyerVersion`): `lead_row` must write nothing then. */
export const STALE = 'stale';

export type DeliveryOutcome =
  | { delivered: true; deliveryId: string; price: number; charged: { account: CreditAccount; entry: LedgerEntry } | null }
  | { delivered: false; reason: RejectionReason }
  /** `lead_row` returned nothing: the lead was already there (a redelivery); nothing was written. */
  | { delivered: false; reason: null }
  /** The buyer changed since the caller read it (`buyerVersion`); nothing was written. */
  | { delivered: false; reason: typeof STALE };

interface DecisionStatement {
  sql: string;
  deliveryId: string;
  price: number;
  charges: boolean;
}

interface DecisionRow {
  reason: RejectionReason | typeof STALE | null;
  lead_rows: number;
  delivered: number;
  account?: Record<string, unknown> | null;
  entry?: Record<string, unknown> | null;
}

/**
 * A statement of the ingest paths, prepared once per pooled connection under `name` (node-pg keeps
 * them), so PostgreSQL parses and plans it once per connection rather than on every lead.
 */
export async function queryPrepared<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text, values })).rows as T[];
}

/** The delivery statements prepared on each pooled connection (by name); gone with the connection. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();

/** Placeholders for the values of one statement, in order. */
export class SqlParams {
  readonly values: unknown[] = [];
  readonly param: SqlParam = (value) => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/**
 * A value written into the SQL text as a literal (pg's own escaping), for statements sent several
 * to a message, where there are no placeholders (the simple query protocol). Strings, finite
 * numbers, booleans and null only.
 */
export const literal: SqlParam = (value) => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return value < 0 ? `(${value})` : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`No SQL literal for a ${typeof value}`);
};

/**
 * Gives a lead to one buyer, or says why not: paused/area/schedule, duplicate, caps, credit. The
 * buyer's credit-account lock, then one statement that checks duplicate, caps and credit on a
 * snapshot taken under that lock (so concurrent leads see each other's deliveries and charges: caps
 * and balances hold) and, when they pass, writes the lead row (the caller's), the charge, the
 * delivery and its outbox events; all of it one transaction and one round trip (`deliver`).
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly config: AppConfig,
  ) {}

  /** The checks that need no lock (paused, area, schedule): a rejection, or null. */
  precheck(a: Pick<DeliveryAttempt, 'postcode' | 'prefs' | 'now'>): RejectionReason | null {
    return staticEligibility(a.postcode, a.prefs, a.now);
  }

  /**
   * One transaction in one round trip: the account (created if need be) with its lock, then the
   * decision with its writes, go as two statements in one message, which PostgreSQL runs as one
   * transaction (all or nothing), each statement on a snapshot of its own — so the decision sees
   * everything committed before the lock was granted — and the lock is held only while PostgreSQL
   * works, never across a round trip. The decision is a prepared statement on each connection (prepared once per
   * connection and statement shape), so PostgreSQL does not plan it for every lead. The after-charge
   * hooks run once it has committed.
   */
  async deliver(a: DeliveryAttempt, leadRow?: LeadRowSql): Promise<DeliveryOutcome> {
    const blocked = this.precheck(a);
    if (blocked) return { delivered: false, reason: blocked };
    const q = new SqlParams();
    const statement = this.statement(a, q.param, leadRow);
    const name = `lead_delivery_${createHash('sha256').update(statement.sql).digest('hex').slice(0, 24)}`;
    const account = `${literal(a.client.id)}::uuid`;
    // The account, created if need be, and locked: ON CONFLICT DO UPDATE locks the existing row even
    // when its WHERE lets nothing be updated.
    const message = `INSERT INTO credit_accounts (client_id) VALUES (${account}) ON CONFLICT (client_id) DO UPDATE SET client_id = excluded.client_id WHERE false;
      EXECUTE ${name}(${q.values.map(literal).join(', ')})`;
    const connection = await this.pool().connect();
    let results: Array<{ rows: DecisionRow[] }>;
    try {
      const prepared = preparedOn.get(connection) ?? new Set<string>();
      preparedOn.set(connection, prepared);
      const run = async () => {
        if (!prepared.has(name)) {
          await connection.query(`PREPARE ${name} AS ${statement.sql}`);
          prepared.add(name);
        }
        return (await connection.query(message)) as unknown as Array<{ rows: DecisionRow[] }>;
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
    const outcome = this.outcome(a, statement, results[results.length - 1]?.rows[0]);
    await this.afterCommit(outcome);
    return outcome;
  }

  /**
   * Once the delivery is committed: auto-charge and balance events. (The new-lead email, for clients
   * who want it, goes with the delivery's outbox events: the webhook relay queues it.)
   */
  async afterCommit(outcome: DeliveryOutcome): Promise<void> {
    if (!outcome.delivered) return;
    if (outcome.charged) await this.ledger.runAfterCharge(outcome.charged.account, outcome.charged.entry);
  }

  /** The decision (duplicate, caps, credit, read under the lock) and, when it passes, the writes: one statement. */
  private statement(a: DeliveryAttempt, p: SqlParam, leadRow?: LeadRowSql): DecisionStatement {
    const deliveryId = randomUUID();
    const price = a.client.billingMode === 'billable' ? a.price : 0;
    const client = `${p(a.client.id)}::uuid`;
    const now = `${p(a.now.toISOString())}::timestamptz`;
    const tz = `${p(a.prefs.timeZone)}::text`;
    const checks: string[] = [];
    if (a.buyerVersion) checks.push(`WHEN ${buyerVersionSql(client)} IS DISTINCT FROM ${p(a.buyerVersion)}::text THEN '${STALE}'`);
    // Each key probes its own index, (client, key, delivered_at).
    const windowStart =
      a.keys.phone || a.keys.email ? `${now} - make_interval(days => ${p(this.config.leads.duplicateWindowDays)}::int)` : '';
    for (const [column, key] of [
      ['fingerprint', a.keys.phone],
      ['email_fingerprint', a.keys.email],
    ] as const) {
      if (key)
        checks.push(
          `WHEN EXISTS (SELECT 1 FROM deliveries WHERE client_id = ${client} AND ${column} = ${p(key)}::character(64) AND delivered_at > ${windowStart}) THEN 'duplicate'`,
        );
    }
    // Today's and this week's counts (weeks start on Monday) in the buyer's time zone, from the counters.
    const capReached = (scope: string, daily: number | null, weekly: number | null) => {
      const over = [daily !== null ? `n.today >= ${p(daily)}::int` : null, weekly !== null ? `n.week >= ${p(weekly)}::int` : null].filter(
        Boolean,
      );
      checks.push(`WHEN EXISTS (SELECT 1 FROM (
          SELECT coalesce(sum(c.count) FILTER (WHERE c.day = l.today), 0) AS today, coalesce(sum(c.count), 0) AS week
          FROM local_day l LEFT JOIN delivery_counts c ON c.client_id = ${client} AND c.scope = ${scope} AND c.day >= l.week_start
        ) n WHERE ${over.join(' OR ')}) THEN 'cap_reached'`);
    };
    capReached(client, a.prefs.dailyCap, a.prefs.weeklyCap);
    const own = a.campaignCaps;
    if (own && (own.dailyCap !== null || own.weeklyCap !== null)) capReached(`${p(own.campaignId)}::uuid`, own.dailyCap, own.weeklyCap);
    if (price > 0)
      checks.push(
        `WHEN (SELECT balance - ${p(price)}::bigint < -credit_limit FROM credit_accounts WHERE client_id = ${client}) THEN 'no_credit'`,
      );
    const charge =
      price > 0
        ? this.ledger.chargeSql(
            p,
            {
              clientId: a.client.id,
              amount: price,
              cause: `delivery:${deliveryId}`,
              description: `Lead: ${a.industry.name} (${a.postcode})`,
              meta: { industryName: a.industry.name, leadId: a.leadId },
            },
            'go',
          )
        : null;
    const payload = {
      leadId: a.leadId,
      deliveryId,
      clientId: a.client.id,
      industry: a.industry.name,
      postcode: a.postcode,
      price,
      currency: a.industry.currency,
      fields: a.values,
      contact: a.contact,
    };
    const leadId = `${p(a.leadId)}::uuid`;
    const sql = `
      WITH local_day AS (
        SELECT (${now} AT TIME ZONE ${tz})::date AS today, date_trunc('week', ${now} AT TIME ZONE ${tz})::date AS week_start
      ),
      gate AS (
        SELECT (CASE ${checks.join(' ')} END)::text AS reason
      ),
      ${leadRow ? leadRow(p) : 'lead_row AS (SELECT 1)'},
      go AS (
        SELECT 1 FROM gate, lead_row WHERE gate.reason IS NULL LIMIT 1
      ),
      ${charge ? `${charge.ctes},` : ''}
      delivery AS (
        INSERT INTO deliveries (id, lead_id, client_id, price, currency, fingerprint, email_fingerprint, delivered_at)
        SELECT ${p(deliveryId)}::uuid, ${leadId}, ${client}, ${p(price)}::int, ${p(a.industry.currency)}::text, ${p(a.keys.phone)}::character(64), ${p(a.keys.email)}::character(64), ${now}
        FROM go ${charge ? 'WHERE EXISTS (SELECT 1 FROM charge_entry)' : ''}
        RETURNING id
      ),
      -- The delivery's events, in the same transaction (as OutboxService.record writes them), in this order.
      events AS (
        INSERT INTO outbox_events (type, aggregate_type, aggregate_id, client_id, payload)
        SELECT e.type, 'lead', ${leadId}, ${client}, ${p(JSON.stringify(payload))}::jsonb
        FROM delivery, (VALUES (1, 'lead.details_submitted'), (2, 'lead.send_data')) AS e(n, type)
        ORDER BY e.n
      )
      SELECT gate.reason,
        (SELECT count(*) FROM lead_row)::int AS lead_rows,
        (SELECT count(*) FROM delivery)::int AS delivered
        ${charge ? ', (SELECT row_to_json(x) FROM charge_account x) AS account, (SELECT row_to_json(x) FROM charge_entry x) AS entry' : ''}
      FROM gate`;
    return { sql, deliveryId, price, charges: charge !== null };
  }

  private outcome(a: DeliveryAttempt, s: DecisionStatement, row: DecisionRow | undefined): DeliveryOutcome {
    if (!row) throw new Error('The delivery statement returned no row');
    if (row.reason === STALE) return { delivered: false, reason: STALE };
    if (row.lead_rows === 0) return { delivered: false, reason: null };
    if (row.reason) return { delivered: false, reason: row.reason };
    // Under the lock the gate's credit check and the guarded debit agree; this only guards against a change of that rule.
    if (row.delivered === 0) throw new Error(`Delivery of lead ${a.leadId} to ${a.client.id} passed its checks but was not written`);
    return {
      delivered: true,
      deliveryId: s.deliveryId,
      price: s.price,
      charged: s.charges ? this.ledger.charged(row.account ?? null, row.entry ?? null) : null,
    };
  }

  /** The connection pool under TypeORM, for statements sent several to a message (the simple query protocol). */
  private pool(): Pool {
    return (this.db.driver as PostgresDriver).master as Pool;
  }
}
