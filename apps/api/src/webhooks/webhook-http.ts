import { isIP } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { isPrivateAddress, parseWebhookUrl, publicOnlyLookup, systemResolver, UnsafeUrlError, type HostResolver } from './url-guard';

const BODY_EXCERPT_BYTES = 1_024;
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export interface AttemptOutcome {
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
  retryAfterMs: number | null;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value) * 1_000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * The dispatcher webhook requests go through. Unless private addresses are allowed, every
 * connection is checked where it is made: a literal IP host must be public, and a name is resolved
 * by `publicOnlyLookup`, which refuses private answers and gives the socket only the addresses it
 * checked (no second resolution to rebind).
 */
export function webhookDispatcher(options: { allowPrivate: boolean; resolve?: HostResolver; connectTimeoutMs?: number }): Agent {
  if (options.allowPrivate) return new Agent({ connect: { timeout: options.connectTimeoutMs } });
  const connector = buildConnector({ timeout: options.connectTimeoutMs, lookup: publicOnlyLookup(options.resolve ?? systemResolver) });
  return new Agent({
    connect: (opts, callback) => {
      // net.connect skips `lookup` for a literal address, so that case is checked here.
      if (isIP(opts.hostname) && isPrivateAddress(opts.hostname)) {
        callback(
          new UnsafeUrlError(
            `url points at a private, loopback or link-local address (${opts.hostname}); webhooks can only go to public addresses`,
          ),
          null,
        );
        return;
      }
      connector(opts, callback);
    },
  });
}

/** POSTs webhook bodies through `webhookDispatcher`: no redirects followed, a timeout, the answer's first kilobyte kept. */
export class WebhookHttpClient {
  private readonly dispatcher: Agent;

  constructor(private readonly options: { allowPrivate: boolean; timeoutMs: number; resolve?: HostResolver }) {
    this.dispatcher = webhookDispatcher({
      allowPrivate: options.allowPrivate,
      resolve: options.resolve,
      connectTimeoutMs: options.timeoutMs,
    });
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const done = (o: Omit<AttemptOutcome, 'durationMs'>): AttemptOutcome => ({ ...o, durationMs: Math.round(performance.now() - started) });
    try {
      parseWebhookUrl(url, this.options.allowPrivate);
      const res = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.dispatcher,
        maxRedirections: 0,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const excerpt = await readExcerpt(res.body);
      const retryAfter = res.headers['retry-after'];
      return done({
        status: res.statusCode,
        body: excerpt,
        error: null,
        retryAfterMs:
          res.statusCode === 429 ? parseRetryAfter(Array.isArray(retryAfter) ? (retryAfter[0] ?? null) : (retryAfter ?? null)) : null,
      });
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
      const error =
        e.name === 'TimeoutError'
          ? `No answer within ${this.options.timeoutMs / 1_000} s`
          : e instanceof UnsafeUrlError
            ? e.message
            : (e.code ?? e.cause?.code ?? e.cause?.message ?? e.message);
      return done({ status: null, body: null, error: error.slice(0, 500), retryAfterMs: null });
    }
  }

  close(): Promise<void> {
    return this.dispatcher.destroy();
  }
}

/** The first kilobyte of a response body, without reading the rest. */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= BODY_EXCERPT_BYTES) break;
    }
  } finally {
    body.destroy();
  }
  return size === 0 ? '' : Buffer.concat(chunks).subarray(0, BODY_EXCERPT_BYTES).toString('utf8');
}
