/**
 * The receiving end of `npm run bench:webhooks`, in its own process so that it shares an event loop
 * with neither the worker nor the baseline's client. Listens on 127.0.0.1:SINK_PORT and answers every
 * POST with 200 `{"ok":true}` once the body is in and parsed.
 *
 * - `/hooks/<n>`: a webhook. Records when it arrived and its delay (arrival − the envelope's
 *   `timestamp`, which is the event's `created_at`), counts repeats of the same `webhook-id` on the
 *   same path, and verifies one request in SINK_VERIFY_EVERY with the `standardwebhooks` package
 *   under the secret the parent sent for that path.
 * - anything else: the baseline; counted only.
 *
 * The parent talks to it over IPC: `{ cmd: 'secrets', secrets }`, `{ cmd: 'reset' }`, `{ cmd: 'count' }`, `{ cmd: 'stats' }`.
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface SinkCount {
  hooks: number;
  unique: number;
  baseline: number;
}

export interface SinkStats extends SinkCount {
  duplicates: number;
  malformed: number;
  delays: number[];
  firstAt: number | null;
  lastAt: number | null;
  verified: number;
  verifyFailures: number;
}

export type SinkCommand = { cmd: 'secrets'; secrets: Record<string, string> } | { cmd: 'reset' } | { cmd: 'count' } | { cmd: 'stats' };

const VERIFY_EVERY = Math.max(1, Number(process.env.SINK_VERIFY_EVERY ?? 10));
const verifiers = new Map<string, Webhook>();

let stats: SinkStats;
let seen: Set<string>;
function reset(): void {
  stats = {
    hooks: 0,
    unique: 0,
    baseline: 0,
    duplicates: 0,
    malformed: 0,
    delays: [],
    firstAt: null,
    lastAt: null,
    verified: 0,
    verifyFailures: 0,
  };
  seen = new Set();
}
reset();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    try {
      const body = JSON.parse(raw) as { timestamp?: string };
      if (path.startsWith('/hooks/')) {
        stats.hooks += 1;
        stats.firstAt ??= at;
        stats.lastAt = at;
        const key = `${path} ${String(req.headers['webhook-id'])}`;
        if (seen.has(key)) stats.duplicates += 1;
        else {
          seen.add(key);
          stats.unique += 1;
          stats.delays.push(at - Date.parse(String(body.timestamp)));
        }
        const verifier = verifiers.get(path);
        if (verifier && stats.hooks % VERIFY_EVERY === 1 % VERIFY_EVERY) {
          try {
            verifier.verify(raw, {
              'webhook-id': String(req.headers['webhook-id']),
              'webhook-timestamp': String(req.headers['webhook-timestamp']),
              'webhook-signature': String(req.headers['webhook-signature']),
            });
            stats.verified += 1;
          } catch {
            stats.verifyFailures += 1;
          }
        }
      } else stats.baseline += 1;
    } catch {
      stats.malformed += 1;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});

process.on('message', (m: SinkCommand) => {
  if (m.cmd === 'secrets') {
    for (const [path, secret] of Object.entries(m.secrets)) verifiers.set(path, new Webhook(secret));
    process.send!({ ok: true });
  } else if (m.cmd === 'reset') {
    reset();
    process.send!({ ok: true });
  } else if (m.cmd === 'count') {
    process.send!({ hooks: stats.hooks, unique: stats.unique, baseline: stats.baseline } satisfies SinkCount);
  } else {
    process.send!(stats);
  }
});
process.on('disconnect', () => process.exit(0));

server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.SINK_PORT), '127.0.0.1', () => console.log('sink ready'));
