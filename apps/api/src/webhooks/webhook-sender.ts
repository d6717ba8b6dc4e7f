import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type Redis from 'ioredis';
import { AppConfig } from '../core/config/app-config';
import { EncryptionService } from '../core/crypto/encryption.service';
import { MetricsService } from '../core/metrics/metrics.service';
import { REDIS } from '../core/redis/redis.module';
import { NotificationsQueue } from '../core/queue/email-queue';
import { WebhookDeliveryRepository, type ClaimedDelivery } from './webhook-delivery.repository';
import { webhookHeaders } from './signing';
import { WebhookHttpClient, type AttemptOutcome } from './webhook-http';

export { parseRetryAfter, type AttemptOutcome } from './webhook-http';

/** The Svix schedule after the first attempt (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), in units of its first step. */
const RETRY_STEPS = [1, 60, 360, 1_440, 3_600, 7_200, 7_200];

/** The delay before retry number `retry` (1 = the first retry), with the schedule's first step set to `baseMs`. */
export function retryDelayMs(retry: number, baseMs: number): number {
  return RETRY_STEPS[Math.min(retry, RETRY_STEPS.length) - 1]! * baseMs;
}

/**
 * Makes one attempt of each delivery of a batch: claims them (so a duplicate job is a no-op), keeps to
 * each endpoint's rate limit, signs per Standard Webhooks, POSTs with a timeout, logs the attempt, and
 * settles the delivery: success on any 2xx, endpoint disabled on 410, otherwise the next retry on the
 * schedule (or `Retry-After` on 429) until the last attempt fails it and the owner is emailed.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly outcomes: Counter;
  private readonly http: WebhookHttpClient;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly encryption: EncryptionService,
    private readonly notifications: NotificationsQueue,
    metrics: MetricsService,
  ) {
    this.outcomes = metrics.counter('webhook_attempts_total', 'Webhook delivery attempts made');
    this.http = new WebhookHttpClient({ allowPrivate: config.webhooks.allowPrivateUrls, timeoutMs: config.webhooks.timeoutMs });
  }

  onModuleDestroy(): Promise<void> {
    return this.http.close();
  }

  /**
   * One attempt of each of `items` — the relay batches deliveries of one endpoint, but any mix works:
   * claimed together, rate-limited per endpoint, sent concurrently, settled together.
   */
  async attempt(items: Array<{ deliveryId: string; attempt: number }>): Promise<void> {
    const lockSeconds = Math.ceil(this.config.webhooks.timeoutMs / 1_000) + 15;
    // Claim and read the endpoints in one round trip; a duplicate job finds nothing to claim.
    const claimed = new Map((await this.deliveries.claim(items, lockSeconds)).map((c) => [c.id, c]));
    const live: ClaimedDelivery[] = [];
    for (const item of items) {
      const c = claimed.get(item.deliveryId);
      if (!c) continue;
      if (c.active) live.push(c);
      else await this.deliveries.failUnsent(c.id, 'The endpoint was switched off before this was sent');
    }
    const { go, wait } = await this.withinRateLimit(live);
    if (wait.length) await this.deliveries.deferToNextSecond(wait.map((d) => d.id));
    if (!go.length) return;
    await this.settle(await Promise.all(go.map((d) => this.send(d))));
  }

  private async send(d: ClaimedDelivery): Promise<Sent> {
    const secrets = [this.encryption.decrypt(d.secret_encrypted)];
    if (d.previous_secret_encrypted && d.previous_secret_expires_at && new Date(d.previous_secret_expires_at) > new Date()) {
      secrets.push(this.encryption.decrypt(d.previous_secret_encrypted));
    }
    const startedAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'LeadFlow-Webhooks/1.0',
      ...webhookHeaders(secrets, d.event_id, Math.floor(startedAt.getTime() / 1_000), d.body),
    };
    const outcome = await this.http.post(d.url, headers, d.body);
    this.outcomes.inc();
    return { delivery: d, startedAt, headers, outcome };
  }

  /** Logs the attempts and moves the deliveries on, in one statement; a 410 or a final failure also touches the endpoint. */
  private async settle(sent: Sent[]): Promise<void> {
    const settled = sent.map(({ delivery: d, startedAt, headers, outcome }) => {
      const number = d.attempts + 1;
      const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      const gone = outcome.status === 410;
      const exhausted = !ok && !gone && number >= this.config.webhooks.maxAttempts;
      const status = ok ? ('succeeded' as const) : gone || exhausted ? ('failed' as const) : ('pending' as const);
      const retryInMs = status === 'pending' ? (outcome.retryAfterMs ?? retryDelayMs(number, this.config.webhooks.retryBaseMs)) : 0;
      return {
        d,
        outcome,
        gone,
        exhausted,
        attempt: {
          deliveryId: d.id,
          status,
          attempt: number,
          responseStatus: outcome.status,
          lastError: ok ? null : (outcome.error ?? `HTTP ${outcome.status}`),
          startedAt,
          durationMs: outcome.durationMs,
          requestHeaders: headers,
          responseBody: outcome.body,
          error: outcome.error,
          retryInSeconds: retryInMs / 1_000,
        },
      };
    });
    await this.deliveries.settle(settled.map((s) => s.attempt));
    for (const { d, outcome, gone, exhausted } of settled) {
      if (!gone && !exhausted) continue;
      this.logger.warn(
        { deliveryId: d.id, endpointId: d.endpoint_id, status: outcome.status, error: outcome.error },
        gone ? 'Webhook endpoint gone: disabled' : 'Webhook delivery failed for good',
      );
      if (gone) await this.deliveries.disableEndpoint(d.endpoint_id, 'The endpoint answered 410 Gone, so it was switched off');
      if (!d.client_id) continue;
      if (await this.deliveries.claimFailureNotice(d.endpoint_id))
        await this.notifications.add(
          'email.webhook-failing',
          { endpointId: d.endpoint_id, deliveryId: d.id },
          `email.webhook-failing:${d.id}`,
        );
    }
  }

  /**
   * At most `ratePerSecond` requests per endpoint per second, counted in Redis across workers (one
   * INCRBY per endpoint of the batch): the first of each endpoint's deliveries that fit go now, the
   * rest wait for the next second. Without Redis, all go.
   */
  private async withinRateLimit(deliveries: ClaimedDelivery[]): Promise<{ go: ClaimedDelivery[]; wait: ClaimedDelivery[] }> {
    if (!deliveries.length) return { go: [], wait: [] };
    const byEndpoint = new Map<string, ClaimedDelivery[]>();
    for (const d of deliveries) byEndpoint.set(d.endpoint_id, [...(byEndpoint.get(d.endpoint_id) ?? []), d]);
    const second = Math.floor(Date.now() / 1_000);
    const multi = this.redis.multi();
    for (const [endpointId, list] of byEndpoint) {
      const key = `${this.config.redisPrefix}:webhooks:rate:${endpointId}:${second}`;
      multi.incrby(key, list.length).expire(key, 2);
    }
    let counts: number[];
    try {
      const replies = (await multi.exec()) as Array<[Error | null, number]>;
      counts = replies.filter((_, i) => i % 2 === 0).map(([, n]) => n);
    } catch {
      return { go: deliveries, wait: [] };
    }
    const go: ClaimedDelivery[] = [];
    const wait: ClaimedDelivery[] = [];
    [...byEndpoint.values()].forEach((list, i) => {
      const before = counts[i]! - list.length;
      const room = Math.max(0, this.config.webhooks.ratePerSecond - before);
      go.push(...list.slice(0, room));
      wait.push(...list.slice(room));
    });
    return { go, wait };
  }
}

interface Sent {
  delivery: ClaimedDelivery;
  startedAt: Date;
  headers: Record<string, string>;
  outcome: AttemptOutcome;
}
