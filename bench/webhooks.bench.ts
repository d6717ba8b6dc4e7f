/**
 * `npm run bench:webhooks` — outbound webhook fan-out and delivery, beside a same-run baseline.
 *
 * Starts real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL are set), the sandbox,
 * the built API (`node apps/api/dist/main.js`), the built worker (`node apps/api/dist/worker.js`) and
 * a local sink (bench/lib/webhook-sink.ts, its own process). Creates platform endpoints through the
 * admin API, one sink path each, then inserts N `lead.send_data` events into `outbox_events` in one
 * statement (so it measures the relay and the sender, not lead ingest) and waits until the sink has
 * every one of the N × endpoints deliveries. The baseline is the same sink hit directly by a plain
 * HTTP loop at the worker's webhook concurrency, with a body of the same size. Prints deliveries/s,
 * the delay from the event's `created_at` to its arrival, the ratio to the baseline, and where a
 * delivery spends its time (from the delivery and attempt rows).
 *   BENCH_EVENTS=5000 BENCH_ENDPOINTS=4 BENCH_RELAY_INTERVAL_MS=20 npm run bench:webhooks
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { upsertUser } from '../apps/api/src/bin/upsert-user';
import { WEBHOOK_JOB_BATCH } from '../apps/api/src/webhooks/webhook-relay';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './lib/cpu';
import { appEnv, launch, percentile, ROOT, services, startStack, stopChild, type Stops } from './lib/stack';
import type { SinkCommand, SinkCount, SinkStats } from './lib/webhook-sink';
import { writeSummary } from './lib/summary';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const ENDPOINTS = Number(process.env.BENCH_ENDPOINTS ?? 4);
const RELAY_INTERVAL_MS = Number(process.env.BENCH_RELAY_INTERVAL_MS ?? 20);
/**
 * The baseline's requests in flight: what the sender kept in flight when it sent one delivery per job
 * (32 jobs). It now runs 6 jobs of up to WEBHOOK_JOB_BATCH deliveries of one endpoint
 * (apps/api/src/webhooks/webhooks-worker.module.ts), 96 requests at most.
 */
const WORKER_CONCURRENCY = 32;
/**
 * The per-endpoint rate limit the worker runs with: the most the configuration accepts. The default
 * (30/s, Zapier's limit) would cap the run at 30 × endpoints deliveries/s and measure the limiter.
 */
const RATE_PER_SECOND = 10_000;
const WARM_UP_EVENTS = Math.min(200, EVENTS);
/** Give up when the sink has received nothing new for this long (a stuck pipeline, not a slow one). */
const STALL_MS = 60_000;
const EVENT_TYPE = 'lead.send_data';

/** One request/answer with the sink process over IPC, in order. */
function sinkClient(child: ChildProcess): <T>(cmd: SinkCommand) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(cmd: SinkCommand) => {
    const next = chain.then(
      () =>
        new Promise<T>((resolve) => {
          child.once('message', (m) => resolve(m as T));
          child.send(cmd);
        }),
    );
    chain = next.catch(() => undefined);
    return next;
  };
}

async function api<T>(base: string, path: string, body: object, token?: string): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Inserts `n` events in one statement, spread over `clients` client ids, each its own lead (aggregate). */
async function insertEvents(
  db: import('typeorm').DataSource,
  n: number,
  clients: string[],
  marker: string,
): Promise<{ firstSeq: string; lastSeq: string; createdAt: number }> {
  const [row] = (await db.query(
    `WITH ins AS (
       INSERT INTO outbox_events (type, aggregate_type, aggregate_id, client_id, payload)
       SELECT $4, 'lead', s.lead_id, s.client_id,
              jsonb_build_object('leadId', s.lead_id, 'deliveryId', gen_random_uuid(), 'clientId', s.client_id, 'industry', $3::text, 'postcode', 'M1 1AA',
                                 'price', 1500, 'currency', 'GBP',
                                 'fields', jsonb_build_object('firstname', 'Ann', 'lastname', 'Smith', 'email', 'ann.' || (100000 + s.i) || '@example.com',
                                                              'phone1', '07' || (700000000 + s.i), 'postcode', 'M1 1AA', 'roof_type', 'pitched'))
         FROM (SELECT i, gen_random_uuid() AS lead_id, ($2::uuid[])[1 + i % cardinality($2::uuid[])] AS client_id FROM generate_series(1, $1::int) AS i) s
       RETURNING seq, created_at)
     SELECT min(seq)::text AS first_seq, max(seq)::text AS last_seq, count(*)::int AS n, (extract(epoch FROM min(created_at)) * 1000)::float8 AS created_ms FROM ins`,
    [n, clients, marker, EVENT_TYPE],
  )) as Array<{ first_seq: string; last_seq: string; n: number; created_ms: number }>;
  if (row!.n !== n) throw new Error(`inserted ${row!.n} events, not ${n}`);
  return { firstSeq: row!.first_seq, lastSeq: row!.last_seq, createdAt: row!.created_ms };
}

async function waitForDeliveries(ask: <T>(cmd: SinkCommand) => Promise<T>, expected: number, status: () => Promise<string>): Promise<void> {
  let last = -1;
  let progressAt = Date.now();
  for (;;) {
    const { unique } = await ask<SinkCount>({ cmd: 'count' });
    if (unique >= expected) return;
    if (unique !== last) {
      last = unique;
      progressAt = Date.now();
    } else if (Date.now() - progressAt > STALL_MS) {
      throw new Error(
        `no delivery for ${STALL_MS / 1000} s: ${unique} of ${expected} arrived; deliveries in the database: ${await status()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `total` POSTs of `body` to `url`, `concurrency` at a time, each worker sending the next as soon as the last answered. */
async function baselineLoop(
  url: string,
  total: number,
  concurrency: number,
  body: string,
  headers: Record<string, string>,
): Promise<{ seconds: number; rps: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const started = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers, body });
        await res.arrayBuffer();
        if (res.status !== 200) errors += 1;
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { seconds, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

interface Breakdown {
  deliveries: number;
  succeeded: number;
  pending: number;
  failed: number;
  attempts: number;
  fanned_out_ms: number;
  stages: Record<string, [number, number]>;
}

/** Where the run's deliveries spent their time, from their rows: p50 and p99 of each stage, in ms. */
async function breakdown(db: import('typeorm').DataSource, firstSeq: string, lastSeq: string, endpointIds: string[]): Promise<Breakdown> {
  const ms = (expr: string) => `percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM ${expr}) * 1000)`;
  const [row] = (await db.query(
    `SELECT count(*)::int AS deliveries,
            count(*) FILTER (WHERE d.status = 'succeeded')::int AS succeeded,
            count(*) FILTER (WHERE d.status = 'pending')::int AS pending,
            count(*) FILTER (WHERE d.status = 'failed')::int AS failed,
            coalesce(sum(d.attempts), 0)::int AS attempts,
            (extract(epoch FROM max(e.published_at) - min(e.created_at)) * 1000)::float8 AS fanned_out_ms,
            ${ms('d.created_at - e.created_at')} AS fan_out,
            ${ms('d.dispatched_at - d.created_at')} AS dispatch,
            ${ms('a.started_at - d.dispatched_at')} AS queued,
            percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY a.duration_ms) AS http,
            ${ms("d.completed_at - a.started_at - a.duration_ms * interval '1 millisecond'")} AS settle,
            ${ms('d.completed_at - e.created_at')} AS total
       FROM webhook_deliveries d
       JOIN outbox_events e ON e.id = d.event_id
       LEFT JOIN webhook_attempts a ON a.delivery_id = d.id AND a.attempt = d.attempts
      WHERE e.seq BETWEEN $1 AND $2 AND d.endpoint_id = ANY($3::uuid[])`,
    [firstSeq, lastSeq, endpointIds],
  )) as Array<Record<string, number | number[]>>;
  const r = row!;
  const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [NaN, NaN]);
  return {
    deliveries: r.deliveries as number,
    succeeded: r.succeeded as number,
    pending: r.pending as number,
    failed: r.failed as number,
    attempts: r.attempts as number,
    fanned_out_ms: r.fanned_out_ms as number,
    stages: {
      'event → delivery row (relay poll + fan-out)': pair(r.fan_out),
      'delivery row → dispatched to Bull': pair(r.dispatch),
      'dispatched → attempt starts (queue, claim, endpoint, rate limit)': pair(r.queued),
      'HTTP request to the sink': pair(r.http),
      'answer → delivery settled (attempt row, status)': pair(r.settle),
      'event → delivery settled': pair(r.total),
    },
  };
}

async function main(): Promise<void> {
  const stops: Stops = [];
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-bench-'));
  const runId = randomBytes(4).toString('hex');
  const marker = `Bench solar ${runId}`;
  try {
    const stack = await startStack(dir, stops);
    const { db } = stack;
    const email = `bench-admin-${runId}@example.com`;
    const password = `Bench-${randomBytes(12).toString('hex')}1`;
    const { user } = await upsertUser(db, {
      email,
      password,
      firstName: 'Bench',
      lastName: 'Admin',
      phone: '+440000000000',
      role: 'admin',
    });
    const endpointIds: string[] = [];
    // Against a shared database, take away what the run added (platform endpoints would otherwise go on
    // receiving every client's events at a dead address). Runs after the worker and the API have stopped.
    if (process.env.DATABASE_URL) {
      stops.push(async () => {
        await db.query(
          `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[]))`,
          [endpointIds],
        );
        await db.query(`DELETE FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[])`, [endpointIds]);
        await db.query(`DELETE FROM webhook_endpoints WHERE id = ANY($1::uuid[])`, [endpointIds]);
        await db.query(`DELETE FROM outbox_events WHERE type = $1 AND payload->>'industry' = $2`, [EVENT_TYPE, marker]);
        await db.query(`DELETE FROM activity_log WHERE actor_user_id = $1`, [user.id]);
        await db.query(`DELETE FROM users WHERE id = $1`, [user.id]);
      });
    }

    const sinkPort = await services.freePort();
    const swc = { SWC_NODE_PROJECT: join(ROOT, 'apps/api/tsconfig.json') };
    const sink = await launch(
      'sink',
      ['-r', '@swc-node/register', join(ROOT, 'bench/lib/webhook-sink.ts')],
      { ...process.env, ...swc, SINK_PORT: String(sinkPort) },
      'sink ready',
      { ipc: true },
    );
    stops.push(stopChild(sink));
    const ask = sinkClient(sink);
    const sinkUrl = `http://127.0.0.1:${sinkPort}`;

    const apiPort = await services.freePort();
    const env: NodeJS.ProcessEnv = {
      ...appEnv(stack, apiPort),
      // The sink is on 127.0.0.1, which production refuses unless allowed.
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_RATE_PER_SECOND: String(RATE_PER_SECOND),
      WEBHOOK_RELAY_INTERVAL_MS: String(RELAY_INTERVAL_MS),
    };
    const apiProcess = await launch('api', [join(ROOT, 'apps/api/dist/main.js')], env, 'LeadFlow API listening');
    stops.push(stopChild(apiProcess));
    const worker = await launch('worker', [join(ROOT, 'apps/api/dist/worker.js')], env, 'LeadFlow worker ready');
    stops.push(stopChild(worker));

    const base = `http://127.0.0.1:${apiPort}/api`;
    const { accessToken } = await api<{ accessToken: string }>(base, '/auth/login', { email, password });
    const secrets: Record<string, string> = {};
    for (let k = 0; k < ENDPOINTS; k += 1) {
      const created = await api<{ endpoint: { id: string }; secret: string }>(
        base,
        '/admin/webhook-endpoints',
        { url: `${sinkUrl}/hooks/${k}`, description: `Bench sink ${k}`, eventTypes: [EVENT_TYPE] },
        accessToken,
      );
      endpointIds.push(created.endpoint.id);
      secrets[`/hooks/${k}`] = created.secret;
    }
    await ask({ cmd: 'secrets', secrets });
    const clients = Array.from({ length: 20 }, () => randomUUID());
    const dbStatus = async () =>
      JSON.stringify(
        await db.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[]) GROUP BY status`, [
          endpointIds,
        ]),
      );

    // Warm up the worker, the API's pools and the sink with a small burst, and take one real body for the baseline.
    const warm = await insertEvents(db, WARM_UP_EVENTS, clients, marker);
    await waitForDeliveries(ask, WARM_UP_EVENTS * ENDPOINTS, dbStatus);
    const [{ body: sampleBody }] = (await db.query(
      `SELECT d.body FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE e.seq = $1 LIMIT 1`,
      [warm.firstSeq],
    )) as [{ body: string }];
    const id = randomUUID();
    const now = new Date();
    const baselineHeaders = {
      'content-type': 'application/json',
      'user-agent': 'LeadFlow-Webhooks/1.0',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(`whsec_${randomBytes(32).toString('base64')}`).sign(id, now, sampleBody),
    };
    await baselineLoop(`${sinkUrl}/baseline`, 2_000, WORKER_CONCURRENCY, sampleBody, baselineHeaders);

    // Baseline: the sink alone, at the worker's concurrency, as many requests as the run delivers.
    const total = EVENTS * ENDPOINTS;
    const pids = { worker: worker.pid, api: apiProcess.pid, sink: sink.pid, bench: process.pid };
    await ask({ cmd: 'reset' });
    const baselineCpu0 = cpuSnapshot(pids);
    const baseline = await baselineLoop(`${sinkUrl}/baseline`, total, WORKER_CONCURRENCY, sampleBody, baselineHeaders);
    const baselineCpu = cpuBetween(baselineCpu0, cpuSnapshot(pids));

    // The run: N events in one statement, then wait for N × endpoints deliveries at the sink.
    await ask({ cmd: 'reset' });
    const runCpu0 = cpuSnapshot(pids);
    const run = await insertEvents(db, EVENTS, clients, marker);
    await waitForDeliveries(ask, total, dbStatus);
    const runCpu = cpuBetween(runCpu0, cpuSnapshot(pids));
    const stats = await ask<SinkStats>({ cmd: 'stats' });
    // Let the last attempts settle before reading their rows.
    for (let i = 0; i < 100; i += 1) {
      const [{ n }] = (await db.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = ANY($1::uuid[]) AND status = 'pending'`,
        [endpointIds],
      )) as [{ n: number }];
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const rows = await breakdown(db, run.firstSeq, run.lastSeq, endpointIds);

    const delays = [...stats.delays].sort((a, b) => a - b);
    const wallSeconds = (stats.lastAt! - run.createdAt) / 1000;
    const rate = stats.unique / wallSeconds;
    const steady = (stats.unique - 1) / ((stats.lastAt! - stats.firstAt!) / 1000);
    const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
    const pad = (s: string, n: number) => s.padEnd(n);
    const line = (label: string, value: string) => console.log(`${pad(label, 52)}${value}`);

    console.log(`\nOutbound webhooks — ${new Date().toISOString()}`);
    line('events (one INSERT into outbox_events)', `${EVENTS} × ${EVENT_TYPE}, ${clients.length} client ids, one lead each`);
    line('endpoints (platform, one sink path each)', String(ENDPOINTS));
    line('body', `${Buffer.byteLength(sampleBody)} bytes`);
    line('relay poll', `WEBHOOK_RELAY_INTERVAL_MS=${RELAY_INTERVAL_MS} (default 500)`);
    line(
      'rate limit',
      `WEBHOOK_RATE_PER_SECOND=${RATE_PER_SECOND} per endpoint, the most allowed (the default 30 would cap the run at ${30 * ENDPOINTS}/s)`,
    );
    line(
      'sender',
      `webhook.deliver-batch: 6 jobs × ${WEBHOOK_JOB_BATCH} deliveries of one endpoint, DATABASE_POOL_SIZE=${env.DATABASE_POOL_SIZE ?? '10 (default)'}`,
    );
    line(
      'deliveries received',
      `${stats.unique} of ${total}${stats.duplicates ? `, plus ${stats.duplicates} repeats` : ''}${stats.malformed ? `, ${stats.malformed} malformed` : ''}`,
    );
    line('wall time (created_at → last arrival)', `${fmt(wallSeconds, 2)} s`);
    line('deliveries/s', fmt(rate));
    line('deliveries/s, first to last arrival', fmt(steady));
    line(
      'delay created_at → arrival p50 / p99 / max',
      `${fmt(percentile(delays, 50))} / ${fmt(percentile(delays, 99))} / ${fmt(delays[delays.length - 1] ?? NaN)} ms`,
    );
    line('first arrival after created_at', `${fmt(stats.firstAt! - run.createdAt)} ms`);
    line('signatures checked (standardwebhooks) / failed', `${stats.verified} / ${stats.verifyFailures}`);
    line(
      `baseline: plain fetch loop, concurrency ${WORKER_CONCURRENCY}`,
      `${total} requests in ${fmt(baseline.seconds, 2)} s: ${fmt(baseline.rps)} req/s, p50 ${fmt(baseline.p50, 1)} ms, p99 ${fmt(baseline.p99, 1)} ms${baseline.errors ? `, ${baseline.errors} errors` : ''}`,
    );
    line('× baseline (deliveries/s ÷ baseline req/s)', fmt(rate / baseline.rps, 3));
    const cores = availableParallelism();
    const cpu = (c: CpuSnapshot, seconds: number, order: string[]) => {
      const known = order.filter((k) => c[k] !== null && c[k] !== undefined);
      if (!known.length) return 'not available on this system';
      const sum = known.reduce((a, k) => a + c[k]!, 0);
      return `${known.map((k) => `${k} ${fmt(c[k]!, 1)}`).join(', ')}; ${fmt(sum, 1)} s of ${fmt(seconds * cores, 1)} (${cores} cores × wall)`;
    };
    line('CPU seconds, run', cpu(runCpu, wallSeconds, ['worker', 'postgres', 'redis', 'sink', 'api', 'bench']));
    line('CPU seconds, baseline', cpu(baselineCpu, baseline.seconds, ['bench', 'sink', 'worker', 'postgres', 'redis', 'api']));
    console.log('\nFrom the delivery and attempt rows');
    line(
      'deliveries: succeeded / pending / failed',
      `${rows.succeeded} / ${rows.pending} / ${rows.failed} of ${rows.deliveries}, ${rows.attempts} attempts`,
    );
    line('all events fanned out (last published_at)', `${fmt(rows.fanned_out_ms)} ms after created_at`);
    console.log(`${pad('stage', 68)}${pad('p50 ms', 10)}p99 ms`);
    for (const [stage, [p50, p99]] of Object.entries(rows.stages)) console.log(`${pad(stage, 68)}${pad(fmt(p50, 1), 10)}${fmt(p99, 1)}`);
    writeSummary('webhooks', [
      {
        name: `baseline: plain fetch loop to the sink, ${WORKER_CONCURRENCY} in flight`,
        rps: baseline.rps,
        p50: baseline.p50,
        p99: baseline.p99,
        ratio: 1,
      },
      {
        name: `fan-out: ${EVENTS} events × ${ENDPOINTS} endpoints, delay created_at → arrival`,
        rps: rate,
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        ratio: rate / baseline.rps,
      },
    ]);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
