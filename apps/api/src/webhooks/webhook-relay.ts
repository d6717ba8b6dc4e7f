import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { Transactions, type Tx } from '../core/database/transactions';
import { OutboxRepository, type UnpublishedEvent } from '../outbox';
import { AppConfig } from '../core/config/app-config';
import { JobQueue, withTimeout } from '../core/queue/job-queue';
import { PollingLoop } from '../core/queue/polling-loop';
import { QUEUES, type EmailJobName, type EmailJobs, type QueueName, type WebhookJobs } from '../core/queue/queues';
import type { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { EVENT_VERSIONS, type WebhookEnvelope } from './event-catalog';

const BATCH = 500;
/** Deliveries of one endpoint per job: claimed, sent and settled together (two statements for the lot). */
export const WEBHOOK_JOB_BATCH = 16;
/** A delivery handed to the queue but never attempted (Redis lost it) is handed over again after this. */
const REDISPATCH_AFTER = '2 minutes';
const REDIS_TIMEOUT_MS = 5_000;

type JobOpts = { jobId: string; attempts?: number; removeOnComplete?: boolean; removeOnFail?: boolean };
/** An email (email queue) or a webhook attempt (webhooks queue). */
type Job =
  | { name: EmailJobName; data: EmailJobs[EmailJobName]; opts: JobOpts }
  | { name: 'webhook.deliver-batch'; data: WebhookJobs['webhook.deliver-batch']; opts: JobOpts };

/** A job another module adds for some events, on its own queue, in the fan-out's all-or-nothing way. */
export interface FanOutJob {
  queue: QueueName;
  name: string;
  data: object;
  opts: JobOpts;
}
/** Called in the fan-out's transaction with the events being published (e.g. the SMS alerts they imply). */
export type FanOutListener = (tx: Tx, events: UnpublishedEvent[]) => Promise<FanOutJob[]>;

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
  private readonly fanOutListeners: FanOutListener[] = [];

  constructor(
    private readonly tx: Transactions,
    private readonly outbox: OutboxRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue,
    @InjectQueue(QUEUES.email) private readonly emailQueue: Queue,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {
    super();
  }

  /** Other modules' jobs for published events (registered once, at boot). */
  onFanOut(listener: FanOutListener): void {
    this.fanOutListeners.push(listener);
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
    return this.tx.run(async (tx) => {
      if (!(await this.deliveries.tryFanOutLock(tx))) return 0;
      const events = await this.outbox.unpublished(tx, BATCH);
      if (!events.length) return 0;
      const clientIds = [...new Set(events.map((e) => e.client_id).filter((c): c is string => c !== null))];
      const endpoints = await this.deliveries.activeEndpointsFor(tx, clientIds);
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
      await this.deliveries.insertPending(tx, rows);
      await this.addJobs(await this.emailsFor(tx, events));
      const extra: FanOutJob[] = [];
      for (const listener of this.fanOutListeners) extra.push(...(await listener(tx, events)));
      await this.addOtherJobs(extra);
      await this.outbox.markPublished(
        tx,
        events.map((e) => e.id),
      );
      return events.length;
    });
  }

  /** The emails some events imply, for clients whose preferences want them. */
  private async emailsFor(tx: Tx, events: UnpublishedEvent[]): Promise<Job[]> {
    const leadEvents = events.filter((e) => e.type === 'lead.send_data' && e.client_id);
    const creditEvents = events.filter((e) => (e.type === 'credits.low' || e.type === 'credits.zero') && e.client_id);
    const decisions = events.filter(
      (e) =>
        e.type === 'activity.recorded' &&
        e.client_id &&
        (e.payload.action === 'lead_report.approved' || e.payload.action === 'lead_report.rejected'),
    );
    const jobs: Job[] = [];
    if (leadEvents.length) {
      const wants = await this.deliveries.newLeadEmailsWanted(tx, [...new Set(leadEvents.map((e) => e.client_id!))]);
      for (const e of leadEvents) {
        const deliveryId = String(e.payload.deliveryId);
        if (wants.has(e.client_id!))
          jobs.push({ name: 'email.new-lead', data: { deliveryId }, opts: { jobId: `email.new-lead:${deliveryId}` } });
      }
    }
    if (creditEvents.length) {
      const declines = await this.deliveries.emailsDeclined(tx, [...new Set(creditEvents.map((e) => e.client_id!))], 'lowBalance');
      for (const e of creditEvents) {
        if (declines.has(e.client_id!)) continue;
        jobs.push({
          name: 'email.low-balance',
          data: { clientId: e.client_id!, balance: Number(e.payload.balance), zero: e.type === 'credits.zero' },
          opts: { jobId: `email.low-balance:${e.id}` },
        });
      }
    }
    if (decisions.length) {
      const declines = await this.deliveries.emailsDeclined(tx, [...new Set(decisions.map((e) => e.client_id!))], 'reports');
      for (const e of decisions) {
        const reportId = String((e.payload.after as { reportId?: unknown } | null)?.reportId ?? '');
        if (!reportId || declines.has(e.client_id!)) continue;
        jobs.push({ name: 'email.report-decided', data: { reportId }, opts: { jobId: `email.report-decided:${reportId}` } });
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
    return this.tx.run(async (tx) => {
      const due = await this.deliveries.takeDue(tx, BATCH, { sweep, after: REDISPATCH_AFTER });
      await this.addJobs(
        batchesByEndpoint(due).map((batch) => ({
          name: 'webhook.deliver-batch' as const,
          data: { items: batch.map((d) => ({ deliveryId: d.id, attempt: d.attempts })) },
          // Named by what it holds and gone once done either way, so a re-dispatch is never blocked by an old job id.
          opts: {
            jobId: `webhooks:${createHash('sha256')
              .update(batch.map((d) => `${d.id}:${d.attempts}`).join(','))
              .digest('hex')
              .slice(0, 32)}`,
            attempts: 1,
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
      return due.length;
    });
  }

  /** Adds jobs, or throws (rolling the caller's transaction back) if Redis does not take them in time. */
  private async addJobs(jobs: Job[]): Promise<void> {
    if (!jobs.length) return;
    const webhooks = jobs.filter((j) => j.name === 'webhook.deliver-batch');
    const emails = jobs.filter((j) => j.name !== 'webhook.deliver-batch');
    await withTimeout(
      Promise.all([webhooks.length && this.queue.addBulk(webhooks), emails.length && this.emailQueue.addBulk(emails)]),
      REDIS_TIMEOUT_MS,
    );
  }

  /** Listeners' jobs, queue by queue; throws like addJobs. */
  private async addOtherJobs(jobs: FanOutJob[]): Promise<void> {
    const byQueue = new Map<QueueName, FanOutJob[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    await withTimeout(
      Promise.all(
        [...byQueue].map(([queue, list]) => this.jobs.queue(queue).addBulk(list.map(({ name, data, opts }) => ({ name, data, opts })))),
      ),
      REDIS_TIMEOUT_MS,
    );
  }
}

/** Due deliveries in jobs of up to WEBHOOK_JOB_BATCH, each job one endpoint's (a slow endpoint holds up only its own). */
export function batchesByEndpoint<T extends { endpoint_id: string }>(due: T[]): T[][] {
  const byEndpoint = new Map<string, T[]>();
  for (const d of due) byEndpoint.set(d.endpoint_id, [...(byEndpoint.get(d.endpoint_id) ?? []), d]);
  const batches: T[][] = [];
  for (const list of byEndpoint.values())
    for (let i = 0; i < list.length; i += WEBHOOK_JOB_BATCH) batches.push(list.slice(i, i + WEBHOOK_JOB_BATCH));
  return batches;
}
