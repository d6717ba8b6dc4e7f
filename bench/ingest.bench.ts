/**
 * `npm run bench:ingest` — lead ingest throughput and latency, beside a same-run baseline.
 *
 * Starts real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL are set), the sandbox,
 * the built API (`node apps/api/dist/main.js`) and a baseline Nest app (one route inserting one
 * row), creates buyers with areas, caps and balance, then drives the LeadByte URL, supplier ingest
 * (direct, and ping then ping → post) and the baseline at rising concurrency with a closed-loop keep-alive HTTP load, then each at 70 %
 * of the most it took with an open-loop load (fixed rate; latency from each request's scheduled
 * time). Prints leads/s, p50 and p99, each figure's ratio to the baseline measured in the same run,
 * and PostgreSQL statements per request when pg_stat_statements is loaded; writes
 * .tmp/bench/ingest.json.
 *   BENCH_SECONDS=5 BENCH_BUYERS=30 BENCH_CONCURRENCY=1,8,32 BENCH_API_NODE_ARGS='--cpu-prof' npm run bench:ingest
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../apps/api/src/app/data-source-options';
import { cpuSnapshot, processTreeCpu } from './lib/cpu';
import { closedLoop, openLoop, type LoadResult, type Target } from './lib/post-load';
import { appEnv, launch, ROOT, services, startStack, stopChild, type Stops } from './lib/stack';
import { BENCH_LEAD_COLUMNS } from './lib/industry';
import { round1, writeSummary } from './lib/summary';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 30);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
/** Extra node flags for the API process, e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile it. */
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Only the rows whose name contains this (the baseline always runs), e.g. `supplier`. */
const ONLY = process.env.BENCH_ONLY ?? '';
/** The open-loop row's rate, as a share of the most the path took in the closed-loop rows. */
const OPEN_SHARE = 0.7;
const AREAS = ['M1', 'M2', 'M3', 'LS1', 'LS2', 'B1', 'B2', 'SW1A', 'EC1A', 'NE1'];

interface Row extends LoadResult {
  load: 'closed' | 'open';
  /** PostgreSQL statements (round trips) per request, when pg_stat_statements is loaded. */
  statementsPerRequest: number | null;
  /** CPU milliseconds per request used by the server process (the API or the baseline app) and by PostgreSQL (postmaster and backends), when /proc shows them. */
  cpu: { server: number; postgres: number | null } | null;
  /** Open loop: the requests a second sent, and the closed-loop path it is 70 % of. */
  rate?: number;
  of?: string;
}

/**
 * Counts the statements every process ran in the bench database, from pg_stat_statements, when the
 * server loads it (shared_preload_libraries); null otherwise.
 */
async function statementCounter(url: string, stops: Stops): Promise<{ reset: () => Promise<void>; count: () => Promise<number> } | null> {
  const db = new DataSource(dataSourceOptions(url, 1));
  await db.initialize();
  stops.push(() => db.destroy());
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
  } catch {
    return null;
  }
  return {
    reset: async () => void (await db.query('SELECT pg_stat_statements_reset()')),
    count: async () => {
      const [row] = (await db.query(
        `SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`,
      )) as Array<{ n: string }>;
      return Number(row?.n ?? 0);
    },
  };
}

/** The pid of the PostgreSQL server the bench talks to, when it runs on this machine (the parent of a backend); null otherwise. */
async function postmasterPid(url: string): Promise<number | null> {
  const db = new DataSource(dataSourceOptions(url, 1));
  await db.initialize();
  try {
    const [row] = (await db.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
    const raw = readFileSync(`/proc/${row!.pid}/stat`, 'utf8');
    return Number(raw.slice(raw.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  } finally {
    await db.destroy();
  }
}

let seq = 0;
function leadbyteLead(): object {
  seq += 1;
  const area = AREAS[seq % AREAS.length]!;
  return {
    lead_id: `BENCH-${seq}-${randomBytes(3).toString('hex')}`,
    firstname: 'Ann',
    lastname: 'Smith',
    email: `ann.${seq}@example.com`,
    phone1: `07${String(700000000 + seq).padStart(9, '0')}`,
    postcode: `${area} 1AA`,
    data1: 'pitched',
  };
}

function supplierLead(): object {
  const { lead_id: _id, data1: _roof, ...fields } = leadbyteLead() as Record<string, string>;
  return { ...fields, roof_type: 'pitched' };
}

/** What a ping carries of the supplier lead: the postcode and the non-personal columns (the post's lead has the same). */
function pingFields(): object {
  return { postcode: 'M1 1AA', roof_type: 'pitched' };
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
      [industryId, JSON.stringify(BENCH_LEAD_COLUMNS)],
    );
    const campaignId = randomUUID();
    await db.query(`INSERT INTO campaigns (id, name, industry_id, strategy) VALUES ($1, 'Bench', $2, 'round_robin')`, [
      campaignId,
      industryId,
    ]);
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
      await db.query(
        `INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause) VALUES ($1, 'adjustment', 1000000000, 1000000000, 'GBP', $2)`,
        [clientId, `bench-seed:${clientId}`],
      );
      await db.query(`INSERT INTO campaign_subscriptions (campaign_id, client_id) VALUES ($1, $2)`, [campaignId, clientId]);
    }
    const apiKey = `lfs_${randomBytes(32).toString('base64url')}`;
    const { createHash } = await import('node:crypto');
    await db.query(`INSERT INTO suppliers (name, key_hash, key_prefix, campaign_ids) VALUES ('Bench', $1, $2, $3)`, [
      createHash('sha256').update(apiKey).digest('hex'),
      apiKey.slice(0, 12),
      [campaignId],
    ]);
    await db.destroy();

    const apiPort = await services.freePort();
    const basePort = await services.freePort();
    const env = appEnv(stack, apiPort);
    const api = await launch('api', [...API_NODE_ARGS, join(ROOT, 'apps/api/dist/main.js')], env, 'LeadFlow API listening');
    stops.push(stopChild(api));
    const baseline = await launch(
      'baseline',
      ['-r', '@swc-node/register', join(ROOT, 'bench/baseline-app.ts')],
      { ...env, PORT: String(basePort), SWC_NODE_PROJECT: join(ROOT, 'apps/api/tsconfig.json') },
      'baseline ready',
    );
    stops.push(stopChild(baseline));
    const fastifyPort = await services.freePort();
    const fastifyBaseline = await launch(
      'baseline-fastify',
      ['-r', '@swc-node/register', join(ROOT, 'bench/baseline-app.ts')],
      { ...env, PORT: String(fastifyPort), BASELINE_PLATFORM: 'fastify', SWC_NODE_PROJECT: join(ROOT, 'apps/api/tsconfig.json') },
      'baseline ready',
    );
    stops.push(stopChild(fastifyBaseline));
    const statements = await statementCounter(stack.databaseUrl, stops);
    const postmaster = await postmasterPid(stack.databaseUrl);

    const api_ = `http://127.0.0.1:${apiPort}`;
    const targets: Array<{ name: string; target: Target; pid: number | undefined }> = [
      {
        name: 'baseline (insert one row)',
        target: { url: `http://127.0.0.1:${basePort}/baseline`, body: () => ({ lead: seq++ }) },
        pid: baseline.pid,
      },
      // The same minimal app on Fastify: what the HTTP framework alone costs (the API runs on Express).
      {
        name: 'baseline on Fastify (insert one row)',
        target: { url: `http://127.0.0.1:${fastifyPort}/baseline`, body: () => ({ lead: seq++ }) },
        pid: fastifyBaseline.pid,
      },
      // The API's own floor: the same route and middleware, one lookup, a 404 — what any request to this API costs.
      {
        name: 'API floor: unknown lead URL (404)',
        target: { url: `${api_}/api/leads/inbound/${randomBytes(24).toString('base64url')}`, body: leadbyteLead },
        pid: api.pid,
      },
      { name: 'LeadByte URL, 1 buyer', target: { url: `${api_}/api/leads/inbound/${tokens[0]}`, body: leadbyteLead }, pid: api.pid },
      {
        name: `LeadByte URL, ${BUYERS} buyers`,
        target: { url: () => `${api_}/api/leads/inbound/${tokens[seq % tokens.length]}`, body: leadbyteLead },
        pid: api.pid,
      },
      {
        name: 'supplier ingest (round robin)',
        target: { url: `${api_}/api/leads/ingest`, body: () => ({ campaignId, fields: supplierLead() }), headers: { 'x-api-key': apiKey } },
        pid: api.pid,
      },
      // A ping (the lead's non-personal fields: a buyer's reservation), and a ping followed by the post of its lead.
      {
        name: 'supplier ping (round robin)',
        target: { url: `${api_}/api/leads/ping`, body: () => ({ campaignId, fields: pingFields() }), headers: { 'x-api-key': apiKey } },
        pid: api.pid,
      },
      {
        name: 'supplier ping → post (round robin)',
        target: {
          url: `${api_}/api/leads/ping`,
          body: () => ({ campaignId, fields: pingFields() }),
          headers: { 'x-api-key': apiKey },
          next: (answer) =>
            answer.accepted
              ? { url: `${api_}/api/leads/post`, body: { pingId: answer.pingId, fields: { ...supplierLead(), postcode: 'M1 1AA' } } }
              : null,
        },
        pid: api.pid,
      },
    ];
    const cpuNow = (pid: number | undefined) => ({
      server: cpuSnapshot({ server: pid }).server ?? null,
      postgres: postmaster === null ? null : processTreeCpu(postmaster),
    });
    const cpuPer = (before: ReturnType<typeof cpuNow>, after: ReturnType<typeof cpuNow>, count: number): Row['cpu'] =>
      before.server === null || after.server === null || count === 0
        ? null
        : {
            server: ((after.server - before.server) * 1000) / count,
            postgres: before.postgres === null || after.postgres === null ? null : ((after.postgres - before.postgres) * 1000) / count,
          };
    if (ONLY) targets.splice(1, targets.length, ...targets.slice(1).filter((t) => t.name.includes(ONLY)));
    // The open-loop rows: the baseline and the lead paths (not the floor).
    const openTargets = targets.filter((t) => !t.name.startsWith('API floor') && !t.name.startsWith('baseline on'));
    const results: Row[] = [];
    // Warm up every path (JIT, connection pools).
    for (const t of targets) await closedLoop('warm-up', t.target, 4, 2);
    for (const c of LEVELS) {
      for (const t of targets) {
        await statements?.reset();
        const before = cpuNow(t.pid);
        const r = await closedLoop(t.name, t.target, c, SECONDS);
        const cpu = cpuPer(before, cpuNow(t.pid), r.count);
        results.push({
          ...r,
          load: 'closed',
          statementsPerRequest: statements ? (await statements.count()) / Math.max(1, r.count) : null,
          cpu,
        });
      }
    }
    // The latency a path gives at 70 % of the most it took above, under an open-loop load.
    for (const t of openTargets) {
      const max = Math.max(...results.filter((r) => r.name === t.name).map((r) => r.rps));
      const rate = Math.max(1, Math.round(max * OPEN_SHARE));
      const before = cpuNow(t.pid);
      const r = await openLoop(`${t.name} @ ${Math.round(OPEN_SHARE * 100)} % of max`, t.target, rate, SECONDS);
      results.push({ ...r, load: 'open', statementsPerRequest: null, rate, of: t.name, cpu: cpuPer(before, cpuNow(t.pid), r.count) });
    }

    const baseFor = (r: Row): Row =>
      r.load === 'open'
        ? results.find((b) => b.load === 'open' && b.of === targets[0]!.name)!
        : results.find((b) => b.load === 'closed' && b.name === targets[0]!.name && b.concurrency === r.concurrency)!;
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\nLead ingest — ${SECONDS} s per row, ${BUYERS} buyers, ${new Date().toISOString()}`);
    console.log(
      `${pad('endpoint', 44)}${pad('conc', 6)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('× baseline', 12)}${statements ? pad('stmts/req', 11) : ''}${pad('CPU ms/req app+pg', 19)}statuses`,
    );
    for (const r of results) {
      const base = baseFor(r);
      const ratio = r === base ? '1.00' : (r.rps / base.rps).toFixed(2);
      const conc = r.load === 'open' ? `≤${r.concurrency}` : String(r.concurrency);
      const stmts = statements ? pad(r.statementsPerRequest === null ? '' : r.statementsPerRequest.toFixed(1), 11) : '';
      const cpu = r.cpu ? `${r.cpu.server.toFixed(2)}+${r.cpu.postgres === null ? '?' : r.cpu.postgres.toFixed(2)}` : '';
      console.log(
        `${pad(r.name, 44)}${pad(conc, 6)}${pad(r.rps.toFixed(0), 10)}${pad(r.p50.toFixed(1), 9)}${pad(r.p99.toFixed(1), 9)}${pad(ratio, 12)}${stmts}${pad(cpu, 19)}${JSON.stringify(r.statuses)}${r.errors ? ` errors=${r.errors}` : ''}`,
      );
    }
    if (!statements) console.log('(statements per request: load pg_stat_statements in the server, shared_preload_libraries, to see them)');

    writeSummary(
      'ingest',
      results.map((r) => ({
        name: r.name,
        concurrency: r.concurrency,
        rps: round1(r.rps),
        p50: round1(r.p50),
        p99: round1(r.p99),
        ratio: Number((r.rps / baseFor(r).rps).toFixed(4)),
        load: r.load,
        ...(r.rate !== undefined ? { rate: r.rate } : {}),
        ...(r.statementsPerRequest !== null ? { statementsPerRequest: round1(r.statementsPerRequest) } : {}),
        ...(r.cpu
          ? {
              cpuServerMs: Math.round(r.cpu.server * 1000) / 1000,
              cpuPostgresMs: r.cpu.postgres === null ? null : Math.round(r.cpu.postgres * 1000) / 1000,
            }
          : {}),
      })),
      { seconds: SECONDS, buyers: BUYERS },
    );
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
