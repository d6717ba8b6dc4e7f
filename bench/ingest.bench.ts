/**
 * `npm run bench:ingest` — lead ingest throughput and latency, beside a same-run baseline.
 *
 * Starts real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL are set), the sandbox,
 * the built API (`node apps/api/dist/main.js`) and a baseline Nest app (one route inserting one
 * row), creates buyers with areas, caps and balance, then drives the LeadByte URL, supplier ingest
 * and the baseline at rising concurrency with a keep-alive HTTP loop. Prints leads/s, p50 and p99,
 * and each figure's ratio to the baseline measured in the same run.
 *   BENCH_SECONDS=5 BENCH_BUYERS=30 BENCH_CONCURRENCY=1,8,32 npm run bench:ingest
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { appEnv, launch, percentile, ROOT, services, startStack, stopChild, type Stops } from './lib/stack';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 30);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const AREAS = ['M1', 'M2', 'M3', 'LS1', 'LS2', 'B1', 'B2', 'SW1A', 'EC1A', 'NE1'];

interface Result {
  name: string;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
}

/** A closed-loop load: `concurrency` workers, each sending the next request as soon as the last answered. */
async function drive(name: string, url: string | (() => string), concurrency: number, body: () => object, headers: Record<string, string> = {}): Promise<Result> {
  const dispatcher = new Agent({ connections: concurrency, pipelining: 1, keepAliveTimeout: 10_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const started = process.hrtime.bigint();
      try {
        const res = await request(typeof url === 'string' ? url : url(), { method: 'POST', dispatcher, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body()) });
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      } catch {
        errors += 1;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - t0) / 1000;
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return { name, concurrency, rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors, statuses };
}

let seq = 0;
function leadbyteLead(): object {
  seq += 1;
  const area = AREAS[seq % AREAS.length]!;
  return { lead_id: `BENCH-${seq}-${randomBytes(3).toString('hex')}`, firstname: 'Ann', lastname: 'Smith', email: `ann.${seq}@example.com`, phone1: `07${String(700000000 + seq).padStart(9, '0')}`, postcode: `${area} 1AA`, data1: 'pitched' };
}

function supplierLead(): object {
  const { lead_id: _id, data1: _roof, ...fields } = leadbyteLead() as Record<string, string>;
  return { ...fields, roof_type: 'pitched' };
}

async function main(): Promise<void> {
  const stops: Stops = [];
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-bench-'));
  try {
    const stack = await startStack(dir, stops);
    const { db } = stack;
    const industryId = randomUUID();
    await db.query(
      `INSERT INTO industries (id, name, name_key, lead_cost, lead_columns) VALUES ($1, 'Bench solar', 'bench solar ${industryId}', 100, $2)`,
      [industryId, JSON.stringify([
        { key: 'firstname', label: 'First name', type: 'text', required: true },
        { key: 'lastname', label: 'Last name', type: 'text', required: true },
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'phone1', label: 'Phone', type: 'phone', required: true },
        { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
        { key: 'roof_type', label: 'Roof', type: 'select', required: true, options: ['pitched', 'flat'] },
      ])],
    );
    const campaignId = randomUUID();
    await db.query(`INSERT INTO campaigns (id, name, industry_id, strategy) VALUES ($1, 'Bench', $2, 'round_robin')`, [campaignId, industryId]);
    const tokens: string[] = [];
    for (let i = 0; i < BUYERS; i += 1) {
      const clientId = randomUUID();
      const token = randomBytes(24).toString('base64url');
      tokens.push(token);
      await db.query(
        `INSERT INTO clients (id, status, billing_mode, onboarding_step, business_name, business_name_key, industry_id, postcode, inbound_token, onboarded_at) VALUES ($1, 'active', 'billable', 'complete', $2, $3, $4, 'M1 1AA', $5, now())`,
        [clientId, `Bench buyer ${i}`, `bench buyer ${i} ${clientId}`, industryId, token],
      );
      await db.query(
        `INSERT INTO lead_preferences (client_id, postcode_areas, daily_cap, weekly_cap, delivery_days, delivery_start_minute, delivery_end_minute) VALUES ($1, $2, 1000000, NULL, '{mon,tue,wed,thu,fri,sat,sun}', 0, 1440)`,
        [clientId, AREAS],
      );
      await db.query(`INSERT INTO credit_accounts (client_id, balance) VALUES ($1, 1000000000)`, [clientId]);
      await db.query(`INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause) VALUES ($1, 'adjustment', 1000000000, 1000000000, 'GBP', $2)`, [clientId, `bench-seed:${clientId}`]);
      await db.query(`INSERT INTO campaign_subscriptions (campaign_id, client_id) VALUES ($1, $2)`, [campaignId, clientId]);
    }
    const apiKey = `lfs_${randomBytes(32).toString('base64url')}`;
    const { createHash } = await import('node:crypto');
    await db.query(`INSERT INTO suppliers (name, key_hash, key_prefix, campaign_ids) VALUES ('Bench', $1, $2, $3)`, [createHash('sha256').update(apiKey).digest('hex'), apiKey.slice(0, 12), [campaignId]]);
    await db.destroy();

    const apiPort = await services.freePort();
    const basePort = await services.freePort();
    const env = appEnv(stack, apiPort);
    const api = await launch('api', [join(ROOT, 'apps/api/dist/main.js')], env, 'LeadFlow API listening');
    stops.push(stopChild(api));
    const baseline = await launch('baseline', ['-r', '@swc-node/register', join(ROOT, 'bench/baseline-app.ts')], { ...env, PORT: String(basePort), SWC_NODE_PROJECT: join(ROOT, 'apps/api/tsconfig.json') }, 'baseline ready');
    stops.push(stopChild(baseline));

    const api_ = `http://127.0.0.1:${apiPort}`;
    const results: Result[] = [];
    // Warm up every path (JIT, connection pools).
    await drive('warm-up', `http://127.0.0.1:${basePort}/baseline`, 4, () => ({ warm: true }));
    await drive('warm-up', `${api_}/api/leads/inbound/${tokens[0]}`, 4, leadbyteLead);
    for (const c of LEVELS) {
      results.push(await drive('baseline (insert one row)', `http://127.0.0.1:${basePort}/baseline`, c, () => ({ lead: seq++ })));
      results.push(await drive('LeadByte URL, 1 buyer', `${api_}/api/leads/inbound/${tokens[0]}`, c, () => leadbyteLead()));
      results.push(await drive(`LeadByte URL, ${BUYERS} buyers`, () => `${api_}/api/leads/inbound/${tokens[seq % tokens.length]}`, c, () => leadbyteLead()));
      results.push(await drive('supplier ingest (round robin)', `${api_}/api/leads/ingest`, c, () => ({ campaignId, fields: supplierLead() }), { 'x-api-key': apiKey }));
    }

    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\nLead ingest — ${SECONDS} s per row, ${BUYERS} buyers, ${new Date().toISOString()}`);
    console.log(`${pad('endpoint', 32)}${pad('conc', 6)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('× baseline', 12)}statuses`);
    for (const r of results) {
      const base = results.find((b) => b.name.startsWith('baseline') && b.concurrency === r.concurrency)!;
      const ratio = r === base ? '1.00' : (r.rps / base.rps).toFixed(2);
      console.log(`${pad(r.name, 32)}${pad(String(r.concurrency), 6)}${pad(r.rps.toFixed(0), 10)}${pad(r.p50.toFixed(1), 9)}${pad(r.p99.toFixed(1), 9)}${pad(ratio, 12)}${JSON.stringify(r.statuses)}${r.errors ? ` errors=${r.errors}` : ''}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
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
