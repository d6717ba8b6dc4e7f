import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { withTimeout } from '../core/queue/job-queue';
import { PollingLoop } from '../core/queue/polling-loop';
import { QUEUES, type EmailJobName, type EmailJobs, type WebhookJobs } from '../core/queue/queues';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { EVENT_VERSIONS, type WebhookEnvelope } from './event-catalog';

const BATCH = 500;
/** A delivery handed to the queue but never attempted (Redis lost it) is handed over again after this. */
const REDISPATCH_AFTER = '2 minutes';
/** Only one relay fans out at a time, so deliveries are created in event order. */
const FAN_OUT_LOCK = 720_451;
const REDIS_TIMEOUT_MS = 5_000;

interface OutboxRow {
  id: string;
  seq: string;
  type: string;
  aggregate_id: string;
  client_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

type JobOpts = { jobId: string; attempts?: number; removeOnComplete?: boolean; removeOnFail?: boolean };
/** An email (email queue) or a webhook attempt (webhooks queue). */
type Job =
  | { name: EmailJobName; data: EmailJobs[EmailJobName]; opts: JobOpts }
  | { name: 'webhook.deliver'; data: WebhookJobs['webhook.deliver']; opts: JobOpts };

/**
 * Moves the transactional outbox onto the webhooks and email queues. Each tick, in the worker:
 * 1. fan-out: unpublished events become one delivery per subscribed endpoint (the client's own and
 *    the platform's), plus the emails they imply, and are marked published — in one transaction that
 *    only commits once Redis has taken the emails;
 * 2. dispatch: deliveries that are due (first attempt or retry) and not waiting behind an earlier event
 *    of the same aggregate for the same endpoint are handed to the queue, in the same all-or-nothing way.
 * While Redis is down nothing commits, so every event waits in PostgreSQL and goes out after recovery.
 */
@Injectable()
export class WebhookRelay extends PollingLoop {
  private lastStaleSweep = 0;
  private redisWasDown = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue,
    @InjectQueue(QUEUES.email) private readonly emailQueue: Queue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.webhooks.relayIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    if (this.queue.client.status !== 'ready') {
      if (!this.redisWasDown) this.logger.warn('Redis is unavailable: webhook events wait in the outbox');
      this.redisWasDown = true;
      return false;
    }
    if (this.redisWasDown) this.logger.log('Redis is back: relaying the outbox');
    this.redisWasDown = false;
    return this.tick();
  }

  /** One pass; true when there may be more to do right away. */
  async tick(): Promise<boolean> {
    const fanned = await this.fanOut();
    const dispatched = await this.dispatch();
    return fanned === BATCH || dispatched === BATCH;
  }

  private async fanOut(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [FAN_OUT_LOCK])) as [{ locked: boolean }];
      if (!locked) return 0;
      const events: OutboxRow[] = await tx.query(
        `SELECT id, seq, type, aggregate_id, client_id, payload, created_at FROM outbox_events WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [BATCH],
      );
      if (!events.length) return 0;
      const clientIds = [...new Set(events.map((e) => e.client_id).filter((c): c is string => c !== null))];
      const endpoints: Array<{ id: string; client_id: string | null; event_types: string[] }> = await tx.query(
        `SELECT id, client_id, event_types FROM webhook_endpoints WHERE active AND (client_id IS NULL OR client_id = ANY($1::uuid[]))`,
        [clientIds],
      );
      const rows: Array<Partial<WebhookDelivery>> = [];
      const now = new Date();
      for (const event of events) {
        const envelope: WebhookEnvelope = {
          id: event.id,
          type: event.type,
          version: EVENT_VERSIONS[event.type] ?? 1,
          timestamp: new Date(event.created_at).toISOString(),
          clientId: event.client_id,
          data: event.payload,
        };
        const body = JSON.stringify(envelope);
        for (const endpoint of endpoints) {
          if (endpoint.client_id !== null && endpoint.client_id !== event.client_id) continue;
          if (!endpoint.event_types.includes(event.type)) continue;
          rows.push({
            endpointId: endpoint.id,
            ownerClientId: endpoint.client_id,
            eventId: event.id,
            eventType: event.type,
            eventSeq: event.seq,
            aggregateId: event.aggregate_id,
            body,
            status: 'pending',
            nextAttemptAt: now,
          });
        }
      }
      for (let i = 0; i < rows.length; i += 1_000) {
        await tx
          .createQueryBuilder()
          .insert()
          .into(WebhookDelivery)
          .values(rows.slice(i, i + 1_000))
          .orIgnore()
          .execute();
      }
      await this.addJobs(await this.emailsFor(tx, events));
      await tx.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)]);
      return events.length;
    });
  }

  /** The emails some events imply, for clients whose preferences want them. */
  private async emailsFor(tx: EntityManager, events: OutboxRow[]): Promise<Job[]> {
    const leadEvents = events.filter((e) => e.type === 'lead.send_data' && e.client_id);
    const creditEvents = events.filter((e) => (e.type === 'credits.low' || e.type === 'credits.zero') && e.client_id);
    const jobs: Job[] = [];
    if (leadEvents.length) {
      const optedIn: Array<{ client_id: string }> = await tx.query(
        `SELECT client_id FROM lead_preferences WHERE email_new_leads AND client_id = ANY($1::uuid[])`,
        [[...new Set(leadEvents.map((e) => e.client_id))]],
      );
      const wants = new Set(optedIn.map((r) => r.client_id));
      for (const e of leadEvents) {
        const deliveryId = String(e.payload.deliveryId);
        if (wants.has(e.client_id!))
          jobs.push({ name: 'email.new-lead', data: { deliveryId }, opts: { jobId: `email.new-lead:${deliveryId}` } });
      }
    }
    if (creditEvents.length) {
      const optedOut: Array<{ client_id: string }> = await tx.query(
        `SELECT client_id FROM notification_preferences WHERE NOT low_balance AND client_id = ANY($1::uuid[])`,
        [[...new Set(creditEvents.map((e) => e.client_id))]],
      );
      const declines = new Set(optedOut.map((r) => r.client_id));
      for (const e of creditEvents) {
        if (declines.has(e.client_id!)) continue;
        jobs.push({
          name: 'email.low-balance',
          data: { clientId: e.client_id!, balance: Number(e.payload.balance), zero: e.type === 'credits.zero' },
          opts: { jobId: `email.low-balance:${e.id}` },
        });
      }
    }
    return jobs;
  }

  /**
   * Due deliveries not yet handed to the queue (by a partial index, so already-dispatched rows cost
   * nothing); every 30 s, also the ones handed over long ago and never attempted.
   */
  private async dispatch(): Promise<number> {
    const sweep = Date.now() - this.lastStaleSweep > 30_000;
    if (sweep) this.lastStaleSweep = Date.now();
    const handedOver = sweep
      ? `(d.dispatched_at IS NULL OR d.dispatched_at < now() - interval '${REDISPATCH_AFTER}')`
      : 'd.dispatched_at IS NULL';
    return this.db.transaction(async (tx) => {
      // An UPDATE answers [rows, count].
      const [due] = (await tx.query(
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
         RETURNING w.id, w.attempts`,
        [BATCH],
      )) as [Array<{ id: string; attempts: number }>, number];
      await this.addJobs(
        due.map((d) => ({
          name: 'webhook.deliver' as const,
          data: { deliveryId: d.id, attempt: d.attempts },
          // Gone once done either way, so a re-dispatch of the same attempt is never blocked by an old job id.
          opts: { jobId: `webhook:${d.id}:${d.attempts}`, attempts: 1, removeOnComplete: true, removeOnFail: true },
        })),
      );
      return due.length;
    });
  }

  /** Adds jobs, or throws (rolling the caller's transaction back) if Redis does not take them in time. */
  private async addJobs(jobs: Job[]): Promise<void> {
    if (!jobs.length) return;
    const webhooks = jobs.filter((j) => j.name === 'webhook.deliver');
    const emails = jobs.filter((j) => j.name !== 'webhook.deliver');
    await withTimeout(
      Promise.all([webhooks.length && this.queue.addBulk(webhooks), emails.length && this.emailQueue.addBulk(emails)]),
      REDIS_TIMEOUT_MS,
    );
  }
}
