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
 * Makes one attempt of one delivery: claims it (so a duplicate job is a no-op), keeps to the
 * endpoint's rate limit, signs per Standard Webhooks, POSTs with a timeout, logs the attempt, and
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

  async attempt(deliveryId: string, attempt: number): Promise<void> {
    const lockSeconds = Math.ceil(this.config.webhooks.timeoutMs / 1_000) + 15;
    // Claim and read the endpoint in one round trip; a duplicate job finds nothing to claim.
    const claimed = await this.deliveries.claim(deliveryId, attempt, lockSeconds);
    if (!claimed) return;
    if (!claimed.active) {
      await this.deliveries.failUnsent(claimed.id, 'The endpoint was switched off before this was sent');
      return;
    }
    if (!(await this.withinRateLimit(claimed.endpoint_id))) {
      await this.deliveries.deferToNextSecond(claimed.id);
      return;
    }
    const secrets = [this.encryption.decrypt(claimed.secret_encrypted)];
    if (
      claimed.previous_secret_encrypted &&
      claimed.previous_secret_expires_at &&
      new Date(claimed.previous_secret_expires_at) > new Date()
    ) {
      secrets.push(this.encryption.decrypt(claimed.previous_secret_encrypted));
    }
    const startedAt = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'LeadFlow-Webhooks/1.0',
      ...webhookHeaders(secrets, claimed.event_id, Math.floor(startedAt.getTime() / 1_000), claimed.body),
    };
    const outcome = await this.http.post(claimed.url, headers, claimed.body);
    this.outcomes.inc();
    await this.settle(claimed, { startedAt, headers, outcome });
  }

  /** Logs the attempt and moves the delivery on, in one statement; a 410 or a final failure also touches the endpoint. */
  private async settle(
    d: ClaimedDelivery,
    a: { startedAt: Date; headers: Record<string, string>; outcome: AttemptOutcome },
  ): Promise<void> {
    const { outcome } = a;
    const number = d.attempts + 1;
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const gone = outcome.status === 410;
    const exhausted = !ok && !gone && number >= this.config.webhooks.maxAttempts;
    const status = ok ? 'succeeded' : gone || exhausted ? 'failed' : 'pending';
    const retryInMs = status === 'pending' ? (outcome.retryAfterMs ?? retryDelayMs(number, this.config.webhooks.retryBaseMs)) : 0;
    await this.deliveries.settle({
      deliveryId: d.id,
      status,
      attempt: number,
      responseStatus: outcome.status,
      lastError: ok ? null : (outcome.error ?? `HTTP ${outcome.status}`),
      startedAt: a.startedAt,
      durationMs: outcome.durationMs,
      requestHeaders: a.headers,
      responseBody: outcome.body,
      error: outcome.error,
      retryInSeconds: retryInMs / 1_000,
    });
    if (!gone && !exhausted) return;
    this.logger.warn(
      { deliveryId: d.id, endpointId: d.endpoint_id, status: outcome.status, error: outcome.error },
      gone ? 'Webhook endpoint gone: disabled' : 'Webhook delivery failed for good',
    );
    if (gone) await this.deliveries.disableEndpoint(d.endpoint_id, 'The endpoint answered 410 Gone, so it was switched off');
    if (!d.client_id) return;
    if (await this.deliveries.claimFailureNotice(d.endpoint_id))
      await this.notifications.add(
        'email.webhook-failing',
        { endpointId: d.endpoint_id, deliveryId: d.id },
        `email.webhook-failing:${d.id}`,
      );
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
