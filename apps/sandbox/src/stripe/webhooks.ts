import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  at: string;
  status: number | null;
  ok: boolean;
  error?: string;
  responseBody?: string;
}

/** `Stripe-Signature` exactly as Stripe computes it: HMAC-SHA256 of `${t}.${payload}` keyed by the whole `whsec_` secret. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export interface DispatcherOptions {
  /** Delays before each retry after a failed attempt (ms). Stripe retries for days; tests need seconds. */
  retryDelaysMs: number[];
  timeoutMs: number;
  now: () => number;
  log: (line: string) => void;
  /** Returns true when an injected failure should make this delivery fail without sending. */
  shouldFail: () => boolean;
}

/**
 * Posts events to the configured endpoint, signed, off the request path, with retries.
 * Each call to `deliver` is independent: Stripe delivers at least once and in no set order.
 */
export class WebhookDispatcher {
  private target: WebhookTarget | undefined;
  readonly attempts: DeliveryAttempt[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  /** While set, new events are kept here (in creation order) instead of being sent. */
  private held: Array<{ event: Stripe.Event; onDelivered?: () => void }> | undefined;

  constructor(private readonly options: DispatcherOptions) {}

  setTarget(target: WebhookTarget | undefined): void {
    this.target = target && target.url ? target : undefined;
  }

  getTarget(): WebhookTarget | undefined {
    return this.target;
  }

  /**
   * Holds back automatic delivery: events are still recorded (and listed by the API) but not sent,
   * so a test can deliver them later in an order of its choosing — Stripe's at-least-once,
   * any-order delivery, made reproducible.
   */
  hold(): void {
    this.held ??= [];
  }

  isHolding(): boolean {
    return this.held !== undefined;
  }

  heldEvents(): Stripe.Event[] {
    return (this.held ?? []).map((h) => h.event);
  }

  /** Ends a hold; with `deliver`, the held events go out as usual (each with retries), oldest first. */
  release(deliver: boolean): Stripe.Event[] {
    const held = this.held ?? [];
    this.held = undefined;
    if (deliver) for (const h of held) void this.enqueue(h.event, h.onDelivered);
    return held.map((h) => h.event);
  }

  /** Fire and forget with retries; the returned promise settles when delivery succeeded or gave up. */
  enqueue(event: Stripe.Event, onDelivered?: () => void): Promise<boolean> {
    if (this.held) {
      this.held.push({ event, onDelivered });
      return Promise.resolve(false);
    }
    const run = this.deliverWithRetries(event, onDelivered);
    const tracked = run.then(() => undefined);
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return run;
  }

  /** One attempt, no retries — used by resend and batch delivery so the caller sees the outcome. */
  async deliverOnce(event: Stripe.Event, attempt = 1): Promise<DeliveryAttempt> {
    const target = this.target;
    const record: DeliveryAttempt = {
      eventId: event.id,
      eventType: event.type,
      url: target?.url ?? '',
      attempt,
      at: new Date(this.options.now()).toISOString(),
      status: null,
      ok: false,
    };
    this.attempts.push(record);
    if (this.attempts.length > 5000) this.attempts.shift();
    if (!target) {
      record.error = 'no webhook endpoint configured';
      return record;
    }
    if (this.options.shouldFail()) {
      record.error = 'injected failure (stripe.webhooks.deliver)';
      return record;
    }
    const payload = JSON.stringify(event, null, 2);
    const timestamp = Math.floor(this.options.now() / 1000);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, target.secret, timestamp),
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      record.status = response.status;
      record.ok = response.status >= 200 && response.status < 300;
      record.responseBody = (await response.text()).slice(0, 2000);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    this.options.log(`webhook ${event.type} ${event.id} -> ${target.url} attempt ${attempt}: ${record.status ?? record.error}`);
    return record;
  }

  private async deliverWithRetries(event: Stripe.Event, onDelivered?: () => void): Promise<boolean> {
    if (!this.target) return false;
    const delays = [0, ...this.options.retryDelaysMs];
    for (let i = 0; i < delays.length; i++) {
      if (delays[i] > 0) await this.sleep(delays[i]);
      if (this.closed) return false;
      const result = await this.deliverOnce(event, i + 1);
      if (result.ok) {
        onDelivered?.();
        return true;
      }
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Resolves when every delivery started so far has finished (success or given up). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
