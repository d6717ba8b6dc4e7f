import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThanOrEqual, type DataSource, type FindOptionsWhere } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { EndpointScope } from './webhook-endpoint.repository';

/** A claimed delivery with what is needed to send it (its endpoint read in the same statement). */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  body: string;
  attempts: number;
  endpoint_id: string;
  url: string;
  active: boolean;
  client_id: string | null;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
}

/** One attempt's record and where it leaves the delivery. */
export interface SettledAttempt {
  deliveryId: string;
  status: 'succeeded' | 'failed' | 'pending';
  attempt: number;
  responseStatus: number | null;
  lastError: string | null;
  startedAt: Date;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseBody: string | null;
  error: string | null;
  retryInSeconds: number;
}

const FAN_OUT_LOCK = 720_451;

/** A client's webhook delivery as the notification log shows it. */
export interface WebhookLogRow {
  id: string;
  at: Date;
  /** `at` to the microsecond (as stored), for the cursor. */
  atText: string;
  eventType: string;
  url: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** webhook_deliveries and webhook_attempts: the relay fans events out into them, the sender works them off. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One fan-out at a time across processes (a transaction-scoped advisory lock); false when another holds it. */
  async tryFanOutLock(tx: Tx): Promise<boolean> {
    const [{ locked }] = (await managerOf(this.db, tx).query('SELECT pg_try_advisory_xact_lock($1) AS locked', [FAN_OUT_LOCK])) as [
      { locked: boolean },
    ];
    return locked;
  }

  /**
   * Waits for the fan-out lock and holds it to the end of the transaction: an erasure takes it
   * before rewriting deliveries, so no fan-out can copy a payload it has not seen yet into new ones.
   */
  async holdFanOut(tx: Tx): Promise<void> {
    await managerOf(this.db, tx).query('SELECT pg_advisory_xact_lock($1)', [FAN_OUT_LOCK]);
  }

  /**
   * Erasure: every delivery of these events (replays included) gets the event's new payload as its
   * body's `data`, so neither a retry nor a replay sends what was erased; what the endpoints
   * answered to them (which may echo the body) is dropped from the attempt log.
   */
  async rewriteEventData(tx: Tx, events: Array<{ id: string; payload: Record<string, unknown> }>): Promise<void> {
    if (events.length === 0) return;
    await managerOf(this.db, tx).query(
      `WITH e AS (SELECT * FROM unnest($1::uuid[], $2::jsonb[]) AS e(id, payload)),
            rewritten AS (
              UPDATE webhook_deliveries d SET body = jsonb_set(d.body::jsonb, '{data}', e.payload)::text
                FROM e WHERE d.event_id = e.id
              RETURNING d.id)
       UPDATE webhook_attempts a SET response_body = NULL FROM rewritten r WHERE a.delivery_id = r.id AND a.response_body IS NOT NULL`,
      [events.map((e) => e.id), events.map((e) => JSON.stringify(e.payload))],
    );
  }

  /**
   * The deliveries of these events, oldest first, with the endpoint's owner (an access request's; not
   * the URL, which is the buyer's secret as much as its address).
   */
  async ofEvents(eventIds: string[]): Promise<
    Array<{
      id: string;
      eventId: string;
      eventType: string;
      ownerClientId: string | null;
      status: string;
      attempts: number;
      createdAt: Date;
    }>
  > {
    if (eventIds.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT d.id, d.event_id, d.event_type, d.owner_client_id, d.status, d.attempts, d.created_at
         FROM webhook_deliveries d WHERE d.event_id = ANY($1::uuid[]) ORDER BY d.created_at, d.id`,
      [eventIds],
    )) as Array<{
      id: string;
      event_id: string;
      event_type: string;
      owner_client_id: string | null;
      status: string;
      attempts: number;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      ownerClientId: r.owner_client_id,
      status: r.status,
      attempts: r.attempts,
      createdAt: r.created_at,
    }));
  }

  /** A client's deliveries to its own endpoints, newest first, older than the cursor (`at`, `id`). */
  async logPage(
    clientId: string,
    q: { before: { at: string; id: string } | null; limit: number; status: string | null },
  ): Promise<WebhookLogRow[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT d.id, d.created_at, to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text, d.event_type, e.url, d.status, d.attempts, d.last_status_code, d.last_error
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.owner_client_id = $1 AND ($2::text IS NULL OR d.status = $2)
          AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3, $4::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $5`,
      [clientId, q.status, q.before?.at ?? null, q.before?.id ?? null, q.limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.created_at as Date,
      atText: String(r.at_text),
      eventType: String(r.event_type),
      url: String(r.url),
      status: String(r.status),
      attempts: Number(r.attempts),
      lastStatusCode: (r.last_status_code as number | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
    }));
  }

  /** Active endpoints that may receive events of these clients (theirs, and the platform's). */
  activeEndpointsFor(tx: Tx, clientIds: string[]): Promise<Array<{ id: string; client_id: string | null; event_types: string[] }>> {
    return managerOf(this.db, tx).query(
      `SELECT id, client_id, event_types FROM webhook_endpoints WHERE active AND (client_id IS NULL OR client_id = ANY($1::uuid[]))`,
      [clientIds],
    );
  }

  /** New deliveries; one already made for the same endpoint and event is left as it is. */
  async insertPending(tx: Tx, rows: Array<Partial<WebhookDelivery>>): Promise<void> {
    for (let i = 0; i < rows.length; i += 1_000) {
      await managerOf(this.db, tx)
        .createQueryBuilder()
        .insert()
        .into(WebhookDelivery)
        .values(rows.slice(i, i + 1_000))
        .orIgnore()
        .execute();
    }
  }

  /**
   * Marks due deliveries handed to the queue and answers them: never one whose earlier event for the
   * same aggregate and endpoint is still pending; with `stale`, also those handed over more than
   * `staleAfter` ago and never attempted.
   */
  async takeDue(
    tx: Tx,
    limit: number,
    stale: { sweep: boolean; after: string },
  ): Promise<Array<{ id: string; attempts: number; endpoint_id: string }>> {
    const handedOver = stale.sweep ? `(d.dispatched_at IS NULL OR d.dispatched_at < now() - $2::interval)` : 'd.dispatched_at IS NULL';
    // An UPDATE answers [rows, count].
    const [due] = (await managerOf(this.db, tx).query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= now()
            AND ${handedOver}
            AND (d.locked_until IS NULL OR d.locked_until < now())
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries e
               WHERE e.endpoint_id = d.endpoint_id AND e.aggregate_id = d.aggregate_id AND e.status = 'pending'
                 AND (e.event_seq < d.event_seq OR (e.event_seq = d.event_seq AND e.created_at < d.created_at)))
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries w SET dispatched_at = now() FROM due WHERE w.id = due.id
       RETURNING w.id, w.attempts, w.endpoint_id`,
      stale.sweep ? [limit, stale.after] : [limit],
    )) as [Array<{ id: string; attempts: number; endpoint_id: string }>, number];
    return due;
  }

  /**
   * Claims attempts for `lockSeconds` (a duplicate job finds nothing to claim), each with its endpoint,
   * in one statement. Answers the ones claimed, in no particular order.
   */
  async claim(items: Array<{ deliveryId: string; attempt: number }>, lockSeconds: number): Promise<ClaimedDelivery[]> {
    const [rows] = (await this.db.query(
      `UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $3)
       FROM unnest($1::uuid[], $2::int[]) AS j(id, attempt), webhook_endpoints e
      WHERE d.id = j.id AND d.attempts = j.attempt AND d.status = 'pending' AND (d.locked_until IS NULL OR d.locked_until < now()) AND e.id = d.endpoint_id
      RETURNING d.id, d.event_id, d.body, d.attempts, d.endpoint_id, e.url, e.active, e.client_id, e.secret_encrypted, e.previous_secret_encrypted, e.previous_secret_expires_at`,
      [items.map((i) => i.deliveryId), items.map((i) => i.attempt), lockSeconds],
    )) as [ClaimedDelivery[], number];
    return rows;
  }

  async failUnsent(id: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET status = 'failed', completed_at = now(), locked_until = NULL, last_error = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  /** Back in the queue for the next second (the endpoint's rate limit was reached). */
  async deferToNextSecond(ids: string[]): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET locked_until = NULL, dispatched_at = NULL, next_attempt_at = date_trunc('second', now()) + interval '1 second' WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Logs the attempts and moves their deliveries on, in one statement. */
  async settle(attempts: SettledAttempt[]): Promise<void> {
    const column = <K extends keyof SettledAttempt>(key: K) => attempts.map((a) => a[key]);
    await this.db.query(
      `WITH a AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::int[], $5::varchar[], $6::timestamptz[], $7::int[], $8::jsonb[], $9::text[], $10::varchar[], $11::double precision[])
                    AS a(delivery_id, status, attempt, response_status, last_error, started_at, duration_ms, request_headers, response_body, error, retry_in_seconds)),
       logged AS (
         INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, request_headers, response_status, response_body, error)
         SELECT delivery_id, attempt, started_at, duration_ms, request_headers, response_status, response_body, error FROM a)
       UPDATE webhook_deliveries d
          SET status = a.status, attempts = a.attempt, last_status_code = a.response_status, last_error = a.last_error, locked_until = NULL,
              dispatched_at = CASE WHEN a.status = 'pending' THEN NULL ELSE d.dispatched_at END,
              completed_at = CASE WHEN a.status = 'pending' THEN NULL ELSE now() END,
              next_attempt_at = CASE WHEN a.status = 'pending' THEN now() + make_interval(secs => a.retry_in_seconds) ELSE d.next_attempt_at END
         FROM a WHERE d.id = a.delivery_id`,
      [
        column('deliveryId'),
        column('status'),
        column('attempt'),
        column('responseStatus'),
        column('lastError'),
        column('startedAt'),
        column('durationMs'),
        attempts.map((a) => JSON.stringify(a.requestHeaders)),
        column('responseBody'),
        column('error'),
        column('retryInSeconds'),
      ],
    );
  }

  async disableEndpoint(endpointId: string, reason: string): Promise<void> {
    await this.db.manager.update(WebhookEndpoint, { id: endpointId }, { active: false, disabledReason: reason });
  }

  /** True when the endpoint's owner was not told of a failure in the last day (and is now marked told). */
  async claimFailureNotice(endpointId: string): Promise<boolean> {
    const [rows] = (await this.db.query(
      `UPDATE webhook_endpoints SET failure_notified_at = now() WHERE id = $1 AND (failure_notified_at IS NULL OR failure_notified_at < now() - interval '1 day') RETURNING id`,
      [endpointId],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  /** Clients among these who want an email for each new lead (accounts' lead preferences). */
  async newLeadEmailsWanted(tx: Tx, clientIds: string[]): Promise<Set<string>> {
    const rows: Array<{ client_id: string }> = await managerOf(this.db, tx).query(
      `SELECT client_id FROM lead_preferences WHERE email_new_leads AND client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return new Set(rows.map((r) => r.client_id));
  }

  /** Clients among these who turned that kind of email off (notification preferences). */
  async emailsDeclined(tx: Tx, clientIds: string[], kind: 'lowBalance' | 'reports'): Promise<Set<string>> {
    const column = kind === 'lowBalance' ? 'low_balance' : 'reports';
    const rows: Array<{ client_id: string }> = await managerOf(this.db, tx).query(
      `SELECT client_id FROM notification_preferences WHERE NOT ${column} AND client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return new Set(rows.map((r) => r.client_id));
  }

  /** One delivery made outside the fan-out (a test event, a replay). */
  insert(delivery: Partial<WebhookDelivery>): Promise<WebhookDelivery> {
    return this.db.manager.save(this.db.manager.create(WebhookDelivery, delivery));
  }

  async insertMany(deliveries: Array<Partial<WebhookDelivery>>): Promise<void> {
    if (deliveries.length) await this.db.manager.insert(WebhookDelivery, deliveries);
  }

  /** The endpoint's deliveries, newest first. */
  page(
    endpointId: string,
    f: { status?: string; eventType?: string; since?: string },
    skip: number,
    take: number,
  ): Promise<[WebhookDelivery[], number]> {
    const where: FindOptionsWhere<WebhookDelivery> = { endpointId };
    if (f.status) where.status = f.status as WebhookDelivery['status'];
    if (f.eventType) where.eventType = f.eventType;
    if (f.since) where.createdAt = MoreThanOrEqual(new Date(f.since));
    return this.db.manager.findAndCount(WebhookDelivery, { where, order: { createdAt: 'DESC', id: 'DESC' }, skip, take });
  }

  /** A delivery whose endpoint is in scope (by the owner copied onto it). */
  inScope(scope: EndpointScope, id: string): Promise<WebhookDelivery | null> {
    const where: FindOptionsWhere<WebhookDelivery> = { id };
    if (scope === 'platform') where.ownerClientId = IsNull();
    else if (scope !== 'any') where.ownerClientId = scope.clientId;
    return this.db.manager.findOne(WebhookDelivery, { where });
  }

  attempts(deliveryId: string): Promise<WebhookAttempt[]> {
    return this.db.manager.find(WebhookAttempt, { where: { deliveryId }, order: { attempt: 'ASC' } });
  }

  /** Failed deliveries of the endpoint made since `since`, in event order. */
  failedSince(endpointId: string, since: string): Promise<WebhookDelivery[]> {
    return this.db.manager.find(WebhookDelivery, {
      where: { endpointId, status: 'failed', createdAt: MoreThanOrEqual(new Date(since)) },
      order: { eventSeq: 'ASC', createdAt: 'ASC' },
    });
  }
}
