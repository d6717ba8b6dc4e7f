/**
 * `npm run bench:reads` — the read paths over a big account: a client's leads list, its ledger, the
 * dashboard, the admin leads list and overview, beside a trivial authenticated route of the same API.
 *
 * Starts real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL are set), the sandbox and
 * the built API (`node apps/api/dist/main.js`, production mode). Seeds, with set-based SQL, one
 * client with BENCH_LEADS delivered leads (deliveries, lead charges, refunds and reports, outbox
 * events and webhook deliveries for the last 30 days, weekly top-ups), a few other clients with a
 * share of that, unsold leads, then VACUUM ANALYZE. Drives each route with a closed-loop keep-alive
 * load, then runs the services' own code against a recording connection and EXPLAIN (ANALYZE,
 * BUFFERS) on every statement they ran, flagging sequential scans of large tables and statements
 * that read or sort many rows. Prints a table and the plans; writes .tmp/bench/read-paths.json.
 *   BENCH_LEADS=1000000 BENCH_SECONDS=5 BENCH_CONCURRENCY=8 BENCH_OTHER_CLIENTS=9 npm run bench:reads
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { upsertUser } from '../apps/api/src/bin/upsert-user';
import type { QueueRegistry } from '../apps/api/src/core/queue/queue-registry';
import { CampaignRepository } from '../apps/api/src/catalog/campaign.repository';
import type { CampaignsService } from '../apps/api/src/catalog/campaigns.service';
import { LedgerRepository } from '../apps/api/src/billing/ledger.repository';
import { DashboardRepository } from '../apps/api/src/dashboard/dashboard.repository';
import { DashboardService } from '../apps/api/src/dashboard/dashboard.service';
import { AdminLeadsRepository } from '../apps/api/src/leads/admin-leads.repository';
import { ClientLeadsRepository } from '../apps/api/src/leads/client-leads.repository';
import { AdminLeadsService } from '../apps/api/src/leads/admin-leads.service';
import { LeadReportRepository } from '../apps/api/src/leads/lead-report.repository';
import type { AdminLeadsQueryDto } from '../apps/api/src/leads/dto/admin-leads.dto';
import type { LeadsQueryDto } from '../apps/api/src/leads/dto/leads.dto';
import { getLoad, type GetLoadResult } from './lib/get-load';
import { describeScans, explain, fmt, recordingDataSource, type Captured, type QueryPlan } from './lib/plans';
import { appEnv, launch, ROOT, services, startStack, stopChild, type Stops } from './lib/stack';
import { BENCH_LEAD_COLUMNS } from './lib/industry';
import { round1, writeSummary } from './lib/summary';

const LEADS = Number(process.env.BENCH_LEADS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const OTHER_CLIENTS = Number(process.env.BENCH_OTHER_CLIENTS ?? 9);
/** Each other client gets this share of the big one's leads. */
const OTHER_LEADS = Math.max(1_000, Math.round(LEADS * 0.02));
const UNSOLD_LEADS = Math.round(LEADS * 0.05);
/** The leads are spread over this many days before now. */
const SPAN_DAYS = 365;
const PAGE_SIZE = 50;
const PASSWORD = 'bench-reads-password-1';

const FIRST = [
  'Ann',
  'Ben',
  'Cara',
  'Dev',
  'Ella',
  'Finn',
  'Gita',
  'Hugo',
  'Isla',
  'Jack',
  'Kate',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Pete',
  'Rosa',
  'Sam',
  'Tara',
  'Umar',
];
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Wright',
  'Robinson',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Lewis',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Clark',
  'Harris',
];
const AREAS = [
  'M1',
  'M2',
  'M14',
  'LS1',
  'LS6',
  'B1',
  'B15',
  'SW1A',
  'EC1A',
  'NE1',
  'BS1',
  'CF10',
  'G1',
  'EH1',
  'L1',
  'S1',
  'NG1',
  'OX1',
  'CB1',
  'BN1',
];

interface Seeded {
  industryId: string;
  clientId: string;
  email: string;
  adminEmail: string;
  /** A phone number that is in exactly one of the client's leads. */
  rarePhone: string;
}

/** The SQL expressions of a lead's fields and fingerprint, from the integer `i` in scope. */
const FIELDS_SQL = `jsonb_build_object(
    'firstname', ($F::text[])[1 + i % 20], 'lastname', ($L::text[])[1 + (i / 20) % 30],
    'email', lower(($F::text[])[1 + i % 20] || '.' || ($L::text[])[1 + (i / 20) % 30]) || i || '@example.com',
    'phone1', '07' || (700000000 + i), 'postcode', ($A::text[])[1 + (i / 7) % 20] || ' ' || (1 + i % 9) || 'AB',
    'roof_type', CASE WHEN i % 3 = 0 THEN 'flat' ELSE 'pitched' END)`;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** A share of the leads: `n` of them for `clientId` (null: unsold), numbered from `first`. */
interface Share {
  clientId: string | null;
  first: number;
  n: number;
  source: 'leadbyte' | 'supplier';
}

/**
 * Every share's leads, spread evenly over SPAN_DAYS and inserted oldest first across all buyers, as
 * production writes them (so the tables' physical order follows time, which the planner weighs),
 * with a delivery for each sold one. `$1` buyers, `$2` firsts, `$3` counts, `$4` sources, `$5`
 * industry, `$6` supplier, `$7` campaign, `$11` the big client, `$12` another.
 */
async function seedLeads(
  db: DataSource,
  shares: Share[],
  args: { industryId: string; supplierId: string; campaignId: string; main: string; other: string },
): Promise<void> {
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `WITH src AS MATERIALIZED (
       SELECT b.first + g.j AS i, b.client_id, b.source, gen_random_uuid() AS id,
              now() - make_interval(secs => (b.n - g.j - 1 + random()) * ${SPAN_DAYS} * 86400.0 / b.n) AS at
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS b(client_id, first, n, source)
        CROSS JOIN LATERAL generate_series(0, b.n - 1) AS g(j)
        ORDER BY at),
     lead_rows AS MATERIALIZED (
       SELECT i, client_id, source, id, at, ${FIELDS_SQL.replaceAll('$F', '$8').replaceAll('$L', '$9').replaceAll('$A', '$10')} AS fields,
              ($10::text[])[1 + (i / 7) % 20] || ' ' || (1 + i % 9) || 'AB' AS postcode
         FROM src ORDER BY at),
     leads_in AS (
       INSERT INTO leads (id, industry_id, source, external_id, campaign_id, supplier_id, target_client_id, postcode, fields, fingerprint, status, reason, eligibility, response, received_at)
       SELECT id, $5::uuid, source, CASE WHEN source = 'leadbyte' THEN 'LB-' ELSE 'SUP-' END || i,
              CASE WHEN source = 'supplier' THEN $7::uuid END, CASE WHEN source = 'supplier' THEN $6::uuid END, CASE WHEN source = 'leadbyte' THEN client_id END,
              postcode, fields, encode(sha256(convert_to((fields->>'phone1') || $5::text, 'UTF8')), 'hex'),
              CASE WHEN client_id IS NULL THEN 'unsold' ELSE 'delivered' END, CASE WHEN client_id IS NULL THEN 'no_buyer' END,
              CASE WHEN client_id IS NULL
                   THEN jsonb_build_array(jsonb_build_object('clientId', $11::text, 'eligible', false, 'reason', 'cap_reached'), jsonb_build_object('clientId', $12::text, 'eligible', false, 'reason', 'out_of_area'))
                   ELSE jsonb_build_array(jsonb_build_object('clientId', client_id::text, 'eligible', true, 'reason', NULL)) END,
              jsonb_build_object('status', CASE WHEN client_id IS NULL THEN 'unsold' ELSE 'accepted' END, 'leadId', id), at
         FROM lead_rows ORDER BY at)
     INSERT INTO deliveries (lead_id, client_id, price, currency, status, fingerprint, delivered_at)
     SELECT id, client_id, 1200 + (i % 6) * 100, 'GBP',
            CASE WHEN i % 200 IN (0, 1) THEN 'refunded' WHEN i % 200 = 2 THEN 'rejected_report' WHEN i % 200 = 3 AND at > now() - interval '7 days' THEN 'reported' ELSE 'delivered' END,
            encode(sha256(convert_to((fields->>'phone1') || $5::text, 'UTF8')), 'hex'), at + interval '1 second'
       FROM lead_rows WHERE client_id IS NOT NULL ORDER BY at`,
    [
      shares.map((x) => x.clientId),
      shares.map((x) => x.first),
      shares.map((x) => x.n),
      shares.map((x) => x.source),
      args.industryId,
      args.supplierId,
      args.campaignId,
      FIRST,
      LAST,
      AREAS,
      args.main,
      args.other,
    ],
  );
}

/** What follows from the deliveries, for all buyers at once in time order: lead charges, reports (and refunds of the approved ones), weekly top-ups. */
async function seedMoney(db: DataSource, clientIds: string[]): Promise<void> {
  await db.query(
    `INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, created_at)
     SELECT client_id, 'lead_charge', -price, 100000000 - sum(price) OVER (PARTITION BY client_id ORDER BY delivered_at, id), 'GBP', 'delivery:' || id, delivered_at
       FROM deliveries ORDER BY delivered_at`,
  );
  await db.query(
    `INSERT INTO lead_reports (delivery_id, lead_id, client_id, reason, note, status, admin_note, decided_at, created_at)
     SELECT id, lead_id, client_id, (ARRAY['wrong_number', 'duplicate', 'fake', 'out_of_area'])[1 + abs(hashtext(id::text)) % 4], NULL,
            CASE status WHEN 'refunded' THEN 'approved' WHEN 'rejected_report' THEN 'rejected' ELSE 'pending' END,
            CASE status WHEN 'rejected_report' THEN 'The number answered' END,
            CASE WHEN status <> 'reported' THEN delivered_at + interval '2 days' END, delivered_at + interval '1 day'
       FROM deliveries WHERE status IN ('reported', 'refunded', 'rejected_report') ORDER BY delivered_at`,
  );
  await db.query(
    `INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, created_at)
     SELECT r.client_id, 'refund', d.price, 100000000, 'GBP', 'refund:' || r.id, r.decided_at
       FROM lead_reports r JOIN deliveries d ON d.id = r.delivery_id WHERE r.status = 'approved' ORDER BY r.decided_at`,
  );
  await db.query(
    `WITH p AS (
       INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, currency, idempotency_key, stripe_payment_intent_id, created_at, updated_at, settled_at)
       SELECT c, 'auto_charge', 'succeeded', 500000, 100000, 600000, 2000, 'GBP', 'bench:' || w, 'pi_bench_' || replace(c::text, '-', '') || '_' || w,
              now() - make_interval(days => w * 7), now() - make_interval(days => w * 7), now() - make_interval(days => w * 7)
         FROM unnest($1::uuid[]) AS c CROSS JOIN generate_series(1, 52) AS w ORDER BY w DESC
       RETURNING id, client_id, net_amount, created_at)
     INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, created_at)
     SELECT client_id, 'auto_charge', net_amount, 100000000, 'GBP', 'payment:' || id, created_at FROM p`,
    [clientIds],
  );
}

/** Drops the indexes of `tables` that back no constraint; returns the statements that create them again. */
async function dropSecondaryIndexes(db: DataSource, tables: string[]): Promise<string[]> {
  const rows = (await db.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  )) as Array<{ name: string; def: string }>;
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

async function seed(db: DataSource): Promise<Seeded> {
  const industryId = randomUUID();
  await db.query(`INSERT INTO industries (id, name, name_key, lead_cost, lead_columns) VALUES ($1, 'Bench solar', $2, 1500, $3)`, [
    industryId,
    `bench solar ${industryId}`,
    JSON.stringify(BENCH_LEAD_COLUMNS),
  ]);
  const campaignId = randomUUID();
  await db.query(`INSERT INTO campaigns (id, name, industry_id, strategy) VALUES ($1, 'Bench', $2, 'round_robin')`, [
    campaignId,
    industryId,
  ]);
  const [supplier] = (await db.query(
    `INSERT INTO suppliers (name, key_hash, key_prefix, campaign_ids) VALUES ('Bench supplier', $1, 'lfs_bench', $2) RETURNING id`,
    [randomBytes(32).toString('hex'), [campaignId]],
  )) as Array<{ id: string }>;

  const email = `reads-${Date.now()}@bench.test`;
  const adminEmail = `reads-admin-${Date.now()}@bench.test`;
  const { user } = await upsertUser(db, {
    email,
    password: PASSWORD,
    firstName: 'Bench',
    lastName: 'Buyer',
    phone: '+447700900000',
    role: 'client',
  });
  await upsertUser(db, {
    email: adminEmail,
    password: PASSWORD,
    firstName: 'Bench',
    lastName: 'Admin',
    phone: '+447700900001',
    role: 'admin',
  });
  const clientIds = [user.clientId!, ...Array.from({ length: OTHER_CLIENTS }, () => randomUUID())];
  for (const [k, clientId] of clientIds.entries()) {
    if (k === 0) {
      await db.query(
        `UPDATE clients SET status = 'active', billing_mode = 'billable', onboarding_step = 'complete', business_name = 'Bench big buyer', business_name_key = $2, industry_id = $3, postcode = 'M1 1AA', inbound_token = $4, onboarded_at = now() - interval '400 days' WHERE id = $1`,
        [clientId, `bench big buyer ${clientId}`, industryId, randomBytes(24).toString('base64url')],
      );
    } else {
      await db.query(
        `INSERT INTO clients (id, status, billing_mode, onboarding_step, business_name, business_name_key, industry_id, postcode, inbound_token, onboarded_at) VALUES ($1, 'active', 'billable', 'complete', $2, $3, $4, 'LS1 1AA', $5, now() - interval '400 days')`,
        [clientId, `Bench buyer ${k}`, `bench buyer ${k} ${clientId}`, industryId, randomBytes(24).toString('base64url')],
      );
    }
    await db.query(
      `INSERT INTO lead_preferences (client_id, postcode_areas, daily_cap, weekly_cap, delivery_days, delivery_start_minute, delivery_end_minute) VALUES ($1, $2, 10000, NULL, '{mon,tue,wed,thu,fri,sat,sun}', 0, 1440)`,
      [clientId, AREAS],
    );
    await db.query(
      `INSERT INTO credit_accounts (client_id, balance, auto_charge_enabled, auto_charge_threshold, auto_charge_amount) VALUES ($1, 5000000, true, 100000, 500000)`,
      [clientId],
    );
    await db.query(`INSERT INTO campaign_subscriptions (campaign_id, client_id) VALUES ($1, $2)`, [campaignId, clientId]);
  }
  const [main, ...others] = clientIds as [string, ...string[]];

  // Secondary indexes are built once after the load (a sorted build) instead of row by row; primary keys stay.
  const rebuild = await dropSecondaryIndexes(db, ['leads', 'deliveries', 'ledger_entries', 'outbox_events', 'webhook_deliveries']);
  console.log(
    `Seeding ${fmt(LEADS)} leads for one client, ${fmt(OTHER_LEADS)} for each of ${OTHER_CLIENTS} others, ${fmt(UNSOLD_LEADS)} unsold:`,
  );
  const t0 = performance.now();
  const shares: Share[] = [
    { clientId: main, first: 1, n: LEADS, source: 'leadbyte' },
    ...others.map((clientId, k): Share => ({ clientId, first: LEADS + 1 + k * OTHER_LEADS, n: OTHER_LEADS, source: 'supplier' })),
    { clientId: null, first: LEADS + 1 + others.length * OTHER_LEADS, n: UNSOLD_LEADS, source: 'supplier' },
  ];
  await timed('leads and deliveries', () =>
    seedLeads(db, shares, { industryId, supplierId: supplier!.id, campaignId, main, other: others[0] ?? main }),
  );
  await timed('ledger, reports, refunds, payments', async () => {
    await seedMoney(db, clientIds);
    await db.query(
      `INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, currency, idempotency_key, failure_reason, created_at, updated_at)
       VALUES ($1, 'auto_charge', 'failed', 500000, 100000, 600000, 2000, 'GBP', 'bench:failed', 'Your card was declined.', now() - interval '40 days', now() - interval '40 days')`,
      [main],
    );
    await db.query(`UPDATE credit_accounts a SET balance = 5000000 WHERE a.client_id = ANY($1)`, [clientIds]);
  });
  await timed('outbox events and webhook deliveries (last 30 days)', async () => {
    await db.query(
      `INSERT INTO outbox_events (type, aggregate_type, aggregate_id, client_id, payload, created_at, published_at)
       SELECT t, 'lead', d.lead_id, d.client_id, jsonb_build_object('leadId', d.lead_id, 'deliveryId', d.id, 'clientId', d.client_id, 'price', d.price, 'currency', 'GBP'),
              d.delivered_at, d.delivered_at + interval '1 second'
         FROM deliveries d CROSS JOIN unnest(ARRAY['lead.details_submitted', 'lead.send_data']) AS t
        WHERE d.delivered_at > now() - interval '30 days'
        ORDER BY d.delivered_at`,
    );
    const [endpoint] = (await db.query(
      `INSERT INTO webhook_endpoints (client_id, url, description, event_types, active, secret_encrypted) VALUES ($1, 'https://hooks.zapier.com/hooks/catch/1/bench', 'Zapier', '{lead.send_data}', true, 'bench') RETURNING id`,
      [main],
    )) as Array<{ id: string }>;
    await db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, owner_client_id, event_id, event_type, event_seq, aggregate_id, body, status, attempts, last_status_code, created_at, completed_at)
       SELECT $1, e.client_id, e.id, e.type, e.seq, e.aggregate_id, e.payload::text, 'succeeded', 1, 200, e.published_at, e.published_at + interval '200 milliseconds'
         FROM outbox_events e WHERE e.client_id = $2 AND e.type = 'lead.send_data'`,
      [endpoint!.id, main],
    );
  });
  await timed(`rebuilding ${rebuild.length} indexes`, async () => {
    await db.query(`SET maintenance_work_mem = '256MB'`);
    for (const def of rebuild) await db.query(def);
  });
  await timed('VACUUM ANALYZE', async () => {
    for (const table of [
      'leads',
      'deliveries',
      'ledger_entries',
      'lead_reports',
      'payments',
      'outbox_events',
      'webhook_deliveries',
      'clients',
      'credit_accounts',
    ]) {
      await db.query(`VACUUM ANALYZE ${table}`);
    }
  });
  console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { industryId, clientId: main, email, adminEmail, rarePhone: `07${700000000 + Math.floor(LEADS / 2)}` };
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!res.ok || !body.accessToken) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

interface Route {
  name: string;
  path: string;
  as: 'client' | 'admin';
  /** Runs the same query through the service's own code against a recording connection (for the plans). */
  plan?: (db: DataSource) => Promise<unknown>;
}

const qs = (q: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)])).toString();

/** The dashboard asks the catalog for the client's lead price: the real query, without the rest of the catalog's service. */
const leadPrices = (db: DataSource) =>
  ({ highestLeadPrice: (clientId: string) => new CampaignRepository(db).highestLeadPrice(clientId) }) as unknown as CampaignsService;

function routes(s: Seeded): Route[] {
  const now = new Date();
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const deepPage = Math.max(2, Math.floor(LEADS / PAGE_SIZE / 2));
  const clientList = (name: string, q: Record<string, string | number>): Route => ({
    name,
    path: `/api/leads?${qs({ page: 1, pageSize: PAGE_SIZE, ...q })}`,
    as: 'client',
    plan: (db) =>
      new ClientLeadsRepository(db).list(s.clientId, {
        page: 1,
        pageSize: PAGE_SIZE,
        ...q,
      } as unknown as LeadsQueryDto),
  });
  const adminList = (name: string, q: Record<string, string | number>): Route => ({
    name,
    path: `/api/admin/leads?${qs({ page: 1, pageSize: PAGE_SIZE, ...q })}`,
    as: 'admin',
    plan: (db) =>
      new AdminLeadsService(new AdminLeadsRepository(db), new LeadReportRepository(db)).list({
        page: 1,
        pageSize: PAGE_SIZE,
        ...q,
      } as unknown as AdminLeadsQueryDto),
  });
  const noQueues = { all: () => [] } as unknown as QueueRegistry;
  return [
    { name: 'baseline: GET /api/auth/me', path: '/api/auth/me', as: 'client' },
    clientList('leads, first page', {}),
    clientList(`leads, deep page (${fmt(deepPage)})`, { page: deepPage }),
    clientList('leads, last 7 days', { from: weekAgo.toISOString(), to: now.toISOString() }),
    clientList('leads, status refunded', { status: 'refunded' }),
    clientList('leads, postcode M1', { postcode: 'M1' }),
    clientList('leads, search common', { search: 'smith' }),
    clientList('leads, search one lead', { search: s.rarePhone }),
    {
      name: 'dashboard',
      path: '/api/dashboard',
      as: 'client',
      plan: (db) => new DashboardService(new DashboardRepository(db), noQueues, leadPrices(db)).forClient(s.clientId),
    },
    {
      name: 'ledger, first page',
      path: `/api/billing/ledger?${qs({ page: 1, pageSize: PAGE_SIZE })}`,
      as: 'client',
      plan: (db) => new LedgerRepository(db).entries(s.clientId, {}, 1, PAGE_SIZE),
    },
    {
      name: 'ledger, lead charges last 7 days',
      path: `/api/billing/ledger?${qs({ page: 1, pageSize: PAGE_SIZE, kind: 'lead_charge', from: weekAgo.toISOString() })}`,
      as: 'client',
      plan: (db) => new LedgerRepository(db).entries(s.clientId, { kind: 'lead_charge', from: weekAgo.toISOString() }, 1, PAGE_SIZE),
    },
    adminList('admin leads, first page', {}),
    adminList('admin leads, unsold', { status: 'unsold' }),
    {
      name: 'admin overview',
      path: '/api/admin/overview',
      as: 'admin',
      plan: (db) => new DashboardService(new DashboardRepository(db), noQueues, leadPrices(db)).forAdmin(),
    },
  ];
}

async function main(): Promise<void> {
  const stops: Stops = [];
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-bench-'));
  try {
    // Against a server given by DATABASE_URL, the run seeds a database of its own and drops it at the end.
    const given = process.env.DATABASE_URL;
    if (given) {
      const url = new URL(given);
      const name = `leadflow_bench_reads_${Date.now()}`;
      url.pathname = `/${name}`;
      process.env.DATABASE_URL = url.toString();
      stops.push(async () => {
        const admin = new DataSource({ type: 'postgres', url: given });
        await admin.initialize();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.destroy();
      });
    }
    const stack = await startStack(dir, stops);
    const { db } = stack;
    const seeded = await seed(db);

    const port = await services.freePort();
    const env = { ...appEnv(stack, port), API_RATE_LIMIT_PER_MINUTE: '1000000' };
    const api = await launch('api', [join(ROOT, 'apps/api/dist/main.js')], env, 'LeadFlow API listening');
    stops.push(stopChild(api));
    const base = `http://127.0.0.1:${port}`;
    const tokens = { client: await login(base, seeded.email), admin: await login(base, seeded.adminEmail) };
    const list = routes(seeded);

    // Each route answers 200 before it is timed.
    for (const r of list) {
      const res = await fetch(`${base}${r.path}`, { headers: { authorization: `Bearer ${tokens[r.as]}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}: ${text.slice(0, 500)}`);
    }
    await getLoad('warm-up', `${base}/api/auth/me`, {
      concurrency: CONCURRENCY,
      seconds: 2,
      headers: { authorization: `Bearer ${tokens.client}` },
    });

    const results: GetLoadResult[] = [];
    for (const r of list) {
      const res = await getLoad(r.name, `${base}${r.path}`, {
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        headers: { authorization: `Bearer ${tokens[r.as]}` },
      });
      results.push(res);
      console.log(`  ${r.name}: ${res.rps.toFixed(1)} req/s, p50 ${res.p50.toFixed(1)} ms`);
    }
    const baseline = results[0]!;

    // The plans of what each route's service ran, with the same arguments.
    const plans: Array<{ route: string; queries: QueryPlan[] }> = [];
    for (const r of list) {
      if (!r.plan) continue;
      const captured: Captured[] = [];
      await r.plan(recordingDataSource(db, captured));
      const queries: QueryPlan[] = [];
      for (const q of captured) queries.push(await explain(db, q));
      plans.push({ route: r.name, queries });
    }

    const pad = (x: string, n: number) => x.padEnd(n);
    console.log(
      `\nRead paths — ${fmt(LEADS)} leads for one client (${fmt(OTHER_CLIENTS)} others × ${fmt(OTHER_LEADS)}, ${fmt(UNSOLD_LEADS)} unsold), ${CONCURRENCY} in flight, ${SECONDS} s per row, ${new Date().toISOString()}`,
    );
    console.log(`${pad('figure', 34)}${pad('p50 ms', 10)}${pad('p99 ms', 10)}${pad('req/s', 10)}${pad('× baseline', 12)}statuses`);
    for (const r of results) {
      console.log(
        `${pad(r.name, 34)}${pad(r.p50.toFixed(1), 10)}${pad(r.p99.toFixed(1), 10)}${pad(r.rps.toFixed(1), 10)}${pad((r.rps / baseline.rps).toFixed(3), 12)}${JSON.stringify(r.statuses)}${r.errors ? ` errors=${r.errors}` : ''}`,
      );
    }

    console.log('\nQuery plans (EXPLAIN ANALYZE of each statement the service ran, warm cache):');
    let findings = 0;
    for (const p of plans) {
      const total = p.queries.reduce((s, q) => s + q.executionMs, 0);
      console.log(`\n${p.route}: ${p.queries.length} statements, ${total.toFixed(1)} ms in PostgreSQL`);
      for (const q of p.queries) {
        findings += q.flags.length;
        console.log(
          `  ${q.flags.length ? 'BAD' : 'ok '} ${q.executionMs.toFixed(1).padStart(8)} ms  ${fmt(q.buffers).padStart(9)} buffers  ${q.sql.slice(0, 110)}${q.sql.length > 110 ? '…' : ''}`,
        );
        for (const line of describeScans(q)) console.log(`        ${line}`);
        if (q.flags.length) console.log(`        ! ${q.flags.join('; ')}`);
      }
    }
    console.log(
      `\nPlans verdict: ${findings === 0 ? 'no sequential scan of a large table, no statement reading or sorting more than 50,000 rows' : `${findings} finding(s) (marked BAD above)`}`,
    );

    writeSummary(
      'read-paths',
      results.map((r) => ({
        name: r.name,
        p50: round1(r.p50),
        p99: round1(r.p99),
        rps: round1(r.rps),
        ratio: Number((r.rps / baseline.rps).toFixed(4)),
      })),
      {
        leads: LEADS,
        concurrency: CONCURRENCY,
        seconds: SECONDS,
        plans: plans.map((p) => ({
          route: p.route,
          statements: p.queries.length,
          ms: round1(p.queries.reduce((s, q) => s + q.executionMs, 0)),
          flags: p.queries.flatMap((q) => q.flags),
        })),
      },
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
