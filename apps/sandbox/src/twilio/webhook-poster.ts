import { createHash } from 'node:crypto';
import { twilioSignature } from './signature';

export interface WebhookAttempt {
  kind: 'status' | 'inbound';
  messageSid: string;
  url: string;
  params: Record<string, string>;
  at: string;
  /** The endpoint's HTTP status, or null when it could not be reached (then `error` says why). */
  status: number | null;
  error?: string;
  responseBody?: string;
}

export interface PosterOptions {
  authToken: string;
  timeoutMs: number;
  now: () => number;
  log: (line: string) => void;
}

/** Posts Twilio's form-encoded, signed webhooks — once, no retries — and keeps every attempt for inspection. */
export class WebhookPoster {
  private attempts: WebhookAttempt[] = [];

  constructor(private readonly options: PosterOptions) {}

  list(): WebhookAttempt[] {
    return [...this.attempts];
  }

  clear(): void {
    this.attempts = [];
  }

  async post(kind: WebhookAttempt['kind'], messageSid: string, url: string, params: Record<string, string>): Promise<WebhookAttempt> {
    const attempt: WebhookAttempt = { kind, messageSid, url, params, at: new Date(this.options.now()).toISOString(), status: null };
    this.attempts.push(attempt);
    if (this.attempts.length > 5000) this.attempts.shift();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'TwilioProxy/1.1',
          'x-twilio-signature': twilioSignature(this.options.authToken, url, params),
          // Twilio repeats the token when it retries the same webhook; the same event posted again here keeps it too.
          'i-twilio-idempotency-token': idempotencyToken(url, params),
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'manual',
      });
      attempt.status = response.status;
      attempt.responseBody = (await response.text()).slice(0, 2000);
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    this.options.log(
      `twilio ${kind} webhook ${messageSid} ${params.MessageStatus ?? params.SmsStatus ?? ''} -> ${url}: ${attempt.status ?? attempt.error}`,
    );
    return attempt;
  }
}

function idempotencyToken(url: string, params: Record<string, string>): string {
  const sorted = Object.keys(params)
    .sort()
    .map((key) => [key, params[key]]);
  const hash = createHash('sha256').update(url).update(JSON.stringify(sorted)).digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}
