import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../src';

export const WEBHOOK_SECRET = 'whsec_sandbox_test_secret_0123456789abcdef';

export function startTestSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, smtpPort: 0, ...options });
}

export function stripeClient(sandbox: RunningSandbox): Stripe {
  return new Stripe('sk_test_sandbox_123', { ...sandbox.stripe, maxNetworkRetries: 0 });
}

/** Poll until `probe` returns a value (not undefined), or fail after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server that records what it receives and answers with `respond`. */
export class TestServer {
  readonly received: Received[] = [];
  private server: Server | undefined;
  url = '';
  respond: (r: Received, index: number) => { status: number; body: string } = () => ({ status: 200, body: '{"received":true}' });

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.received.push(r);
        const { status, body } = this.respond(r, this.received.length - 1);
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stripe events received so far (parsed), in arrival order. */
  events(): { event: Stripe.Event; raw: Received }[] {
    return this.received.map((raw) => ({ event: JSON.parse(raw.body) as Stripe.Event, raw }));
  }

  waitForEvent(
    type: string,
    match: (e: Stripe.Event) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<{ event: Stripe.Event; raw: Received }> {
    return waitFor(() => this.events().find((x) => x.event.type === type && match(x.event)), timeoutMs, `webhook ${type}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

export async function control<T>(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

/** Submit a hosted-page form the way a browser would (urlencoded POST, no redirect following). */
export async function submitForm(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; location: string | null; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Await a rejected promise and return the error, failing if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The id of an event's data.object (every object the sandbox emits has one). */
export function objectIdOf(e: Stripe.Event): string | undefined {
  const o: object = e.data.object;
  return 'id' in o && typeof o.id === 'string' ? o.id : undefined;
}
