import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; version: number; timestamp: string; clientId: string | null; data: Record<string, unknown> };
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A local HTTP endpoint that records every webhook request. Answers 200 unless answers are scripted
 * (`answerNext`), in order, one per request.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private answer: (w: ReceivedWebhook) => ScriptedAnswer = () => ({ status: 200, body: '{"ok":true}' });
  private server!: Server;
  url = '';

  static async start(path = '/hooks/leadflow'): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    r.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const hook: ReceivedWebhook = { headers: req.headers, raw, body: JSON.parse(raw) as ReceivedWebhook['body'], at: Date.now() };
        r.received.push(hook);
        const answer = r.script.shift() ?? r.answer(hook);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}${path}`;
    return r;
  }

  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** How to answer a request when nothing is scripted (200 `{"ok":true}` until set), e.g. echoing what was sent. */
  answerEach(answer: (w: ReceivedWebhook) => ScriptedAnswer): void {
    this.answer = answer;
  }

  ofType(type: string): ReceivedWebhook[] {
    return this.received.filter((w) => w.body.type === type);
  }

  /** Verifies a request with the standardwebhooks package; throws if the signature does not match the secret. */
  static verify(secret: string, w: ReceivedWebhook): unknown {
    return new Webhook(secret).verify(w.raw, {
      'webhook-id': String(w.headers['webhook-id']),
      'webhook-timestamp': String(w.headers['webhook-timestamp']),
      'webhook-signature': String(w.headers['webhook-signature']),
    });
  }

  async waitFor(predicate: (all: ReceivedWebhook[]) => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for webhooks; received: ${this.received.map((w) => w.body.type).join(', ') || 'none'}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
