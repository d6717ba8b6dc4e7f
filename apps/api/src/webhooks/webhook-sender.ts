import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter } from 'prom-client';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { EncryptionService } from '../core/crypto/encryption.service';
import { MetricsService } from '../core/metrics/metrics.service';
import { REDIS } from '../core/redis/redis.module';
import { NotificationsQueue } from '../notifications/notifications.queue';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { webhookHeaders } from './signing';
import { assertSafeWebhookUrl } from './url-guard';

/** The Svix schedule after the first attempt (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), in units of its first step. */
const RETRY_STEPS = [1, 60, 360, 1_440, 3_600, 7_200, 7_200];
const BODY_EXCERPT_BYTES = 1_024;
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  body: string;
  attempts: number;
}

export interface AttemptOutcome {
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
  retryAfterMs: number | null;
}

/** The delay before retry number `retry` (1 = the first retry), with the schedule's first step set to `baseMs`. */
export function retryDelayMs(retry: number, baseMs: number): number {
  return RETRY_STEPS[Math.min(retry, RETRY_STEPS.length) - 1]! * baseMs;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value) * 1_000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * Makes one attempt of one delivery: claims it (so a duplicate job is a no-op), keeps to the
 * endpoint's rate limit, signs per Standard Webhooks, POSTs with a timeout, logs the attempt, and
 * settles the delivery: success on any 2xx, endpoint disabled on 410, otherwise the next retry on the
 * schedule (or `Retry-After` on 429) until the last attempt fails it and the owner is emailed.
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly outcomes: Counter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly encryption: EncryptionService,
    private readonly notifications: NotificationsQueue,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('webhook_attempts_total', 'Webhook delivery attempts made');
  }

  async attempt(deliveryId: string, attempt: number): Promise<void> {
    const lockSeconds = Math.ceil(this.config.webhooks.timeoutMs / 1_000) + 15;
    const [claimed] = ((await this.db.query(
      `UPDATE webhook_deliveries SET locked_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND status = 'pending' AND attempts = $2 AND (locked_until IS NULL OR locked_until < now())
        RETURNING id, endpoint_id, event_id, body, attempts`,
      [deliveryId, attempt, lockSeconds],
    )) as [Claimed[], number])[0];
    if (!claimed) return;
    const endpoint = await this.db.manager.findOne(WebhookEndpoint, { where: { id: claimed.endpoint_id } });
    if (!endpoint?.active) {
      await this.db.query(`UPDATE webhook_deliveries SET status = 'failed', completed_at = now(), locked_until = NULL, last_error = $2 WHERE id = $1`, [
        claimed.id,
        'The endpoint was switched off before this was sent',
      ]);
      return;
    }
    if (!(await this.withinRateLimit(endpoint.id))) {
      await this.db.query(
        `UPDATE webhook_deliveries SET locked_until = NULL, dispatched_at = NULL, next_attempt_at = date_trunc('second', now()) + interval '1 second' WHERE id = $1`,
        [claimed.id],
      );
      return;
    }
    const secrets = [this.encryption.decrypt(endpoint.secretEncrypted)];
    if (endpoint.previousSecretEncrypted && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()) {
      secrets.push(this.encryption.decrypt(endpoint.previousSecretEncrypted));
    }
    const startedAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'LeadFlow-Webhooks/1.0',
      ...webhookHeaders(secrets, claimed.event_id, Math.floor(startedAt.getTime() / 1_000), claimed.body),
    };
    const outcome = await this.post(endpoint.url, headers, claimed.body);
    this.outcomes.inc();
    await this.settle(claimed, endpoint, { startedAt, headers, outcome });
  }

  private async post(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const done = (o: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...o, durationMs: Math.round(performance.now() - started) });
    try {
      await assertSafeWebhookUrl(url, this.config.webhooks.allowPrivateUrls);
      const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.config.webhooks.timeoutMs) });
      const excerpt = await readExcerpt(res);
      return done({ status: res.status, body: excerpt, error: null, retryAfterMs: res.status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : null });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const error =
        e.name === 'TimeoutError' ? `No answer within ${this.config.webhooks.timeoutMs / 1_000} s` : (e.cause?.code ?? e.cause?.message ?? e.message).slice(0, 500);
      return done({ status: null, body: null, error, retryAfterMs: null });
    }
  }

  private async settle(d: Claimed, endpoint: WebhookEndpoint, a: { startedAt: Date; headers: Record<string, string>; outcome: AttemptOutcome }): Promise<void> {
    const { outcome } = a;
    const number = d.attempts + 1;
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const gone = outcome.status === 410;
    const lastError = ok ? null : (outcome.error ?? `HTTP ${outcome.status}`);
    const exhausted = !ok && !gone && number >= this.config.webhooks.maxAttempts;
    let notify = false;
    await this.db.transaction(async (tx) => {
      await tx.insert(WebhookAttempt, {
        deliveryId: d.id,
        attempt: number,
        startedAt: a.startedAt,
        durationMs: outcome.durationMs,
        requestHeaders: a.headers,
        responseStatus: outcome.status,
        responseBody: outcome.body,
        error: outcome.error,
      });
      if (ok || gone || exhausted) {
        await tx.query(
          `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, last_error = $5, completed_at = now(), locked_until = NULL WHERE id = $1`,
          [d.id, ok ? 'succeeded' : 'failed', number, outcome.status, lastError],
        );
      } else {
        const delay = outcome.retryAfterMs ?? retryDelayMs(number, this.config.webhooks.retryBaseMs);
        await tx.query(
          `UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5), dispatched_at = NULL, locked_until = NULL WHERE id = $1`,
          [d.id, number, outcome.status, lastError, delay / 1_000],
        );
      }
      if (gone) {
        await tx.update(WebhookEndpoint, { id: endpoint.id }, { active: false, disabledReason: 'The endpoint answered 410 Gone, so it was switched off' });
      }
      if ((gone || exhausted) && endpoint.clientId) {
        const [claimed] = (await tx.query(
          `UPDATE webhook_endpoints SET failure_notified_at = now() WHERE id = $1 AND (failure_notified_at IS NULL OR failure_notified_at < now() - interval '1 day') RETURNING id`,
          [endpoint.id],
        )) as [unknown[], number];
        notify = claimed.length > 0;
      }
    });
    if (gone || exhausted) this.logger.warn({ deliveryId: d.id, endpointId: endpoint.id, status: outcome.status, error: outcome.error }, gone ? 'Webhook endpoint gone: disabled' : 'Webhook delivery failed for good');
    if (notify) await this.notifications.add('email.webhook-failing', { endpointId: endpoint.id, deliveryId: d.id }, `email.webhook-failing:${d.id}`);
  }

  /** At most `ratePerSecond` requests per endpoint per second, counted in Redis across workers. */
  private async withinRateLimit(endpointId: string): Promise<boolean> {
    const key = `${this.config.redisPrefix}:webhooks:rate:${endpointId}:${Math.floor(Date.now() / 1_000)}`;
    try {
      const [[, count]] = (await this.redis.multi().incr(key).expire(key, 2).exec()) as [[Error | null, number]];
      return count <= this.config.webhooks.ratePerSecond;
    } catch {
      return true;
    }
  }
}

/** The first kilobyte of a response body, without reading the rest. */
async function readExcerpt(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, BODY_EXCERPT_BYTES).toString('utf8');
}
