import type { Queue } from 'bull';
import { LedgerService } from '../src/billing/ledger.service';
import { previousWeek } from '../src/billing/weekly-invoices.service';
import { SUBSCRIBABLE_EVENT_TYPES } from '../src/webhooks/event-catalog';
import { AppProcess } from './utils/app-process';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';
import { WebhookReceiver } from './utils/webhook-receiver';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../../scripts/lib/services.cjs') as typeof import('../../../scripts/lib/services.cjs');

/**
 * The product is stateless: two API processes and two worker processes, started from the production
 * entry points with the same environment, share one PostgreSQL database and one Redis prefix and
 * nothing else. Leads go through both APIs at once; rotations, caps, webhooks and the weekly run
 * must come out as they would with one of each.
 */
const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
/** Leads in M1, any day, any hour, no weekly cap. */
const EVERY_HOUR = {
  postcodeAreas: ['M1'],
  dailyCap: 10_000,
  weeklyCap: null,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
};
/** The weekly run every 2 s instead of Monday 09:00, so the test sees several ticks. */
const WEEKLY_CRON = '*/2 * * * * *';
let n = 0;
const fields = () => {
  n += 1;
  return { firstname: 'Ann', phone1: `07700${String(200000 + n).slice(-6)}`, postcode: 'M1 1AE' };
};

/** Runs `tasks` with at most `width` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe('two API processes and two workers on one PostgreSQL and Redis', () => {
  let t: TestApp;
  let apis: string[] = [];
  const processes: AppProcess[] = [];
  let receiver: WebhookReceiver;
  let admin: string;
  let industry: IndustryBody;
  let since: Date;
  let endpointId: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // The in-process app only sets things up (and answers the sandbox's Stripe events); no worker in it.
    t = await TestApp.create({ worker: false, env: { WEEKLY_INVOICE_CRON: WEEKLY_CRON, WEBHOOK_RELAY_INTERVAL_MS: '100' } });
    const ports: number[] = [await services.freePort(), await services.freePort()];
    const started = await Promise.all([
      ...ports.map((port) => AppProcess.start('api', { ...t.env, PORT: String(port) }, 60_000)),
      AppProcess.start('worker', t.env, 60_000),
      AppProcess.start('worker', t.env, 60_000),
    ]);
    processes.push(...started);
    apis = ports.map((port) => `http://127.0.0.1:${port}`);

    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, admin);
    // A platform endpoint that takes every event of every client.
    endpointId = (
      await t
        .http()
        .post('/api/admin/webhook-endpoints')
        .set(bearer(admin))
        .send({ url: receiver.url, description: 'every event', eventTypes: SUBSCRIBABLE_EVENT_TYPES })
        .expect(201)
    ).body.endpoint.id;
    since = ((await t.db.query(`SELECT now() AS now`)) as Array<{ now: Date }>)[0]!.now;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await t?.close();
    await receiver?.close();
  });

  async function buyers(count: number, prefs: Record<string, unknown> = {}) {
    const ledger = t.app.get(LedgerService);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const c = await onboardBillable(t, industry.id);
        await t
          .http()
          .put('/api/onboarding/lead-preferences')
          .set(bearer(c.token))
          .send(leadPreferences({ ...EVERY_HOUR, ...prefs }))
          .expect(200);
        await ledger.credit('top_up', { clientId: c.clientId, amount: 1_000_000, cause: `seed:${c.clientId}` });
        return c;
      }),
    );
  }

  async function campaign(strategy: string, subs: Array<{ clientId: string; priority?: number }>) {
    const created = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(admin))
        .send({ name: `${strategy} campaign`, industryId: industry.id, strategy })
        .expect(201)
    ).body as { id: string };
    for (const s of subs) await t.http().put(`/api/admin/campaigns/${created.id}/subscriptions`).set(bearer(admin)).send(s).expect(200);
    const supplier = (
      await t
        .http()
        .post('/api/admin/suppliers')
        .set(bearer(admin))
        .send({ name: `${strategy} supplier`, campaignIds: [created.id] })
        .expect(201)
    ).body as { apiKey: string };
    return { id: created.id, key: supplier.apiKey };
  }

  /** A supplier lead through API `api`. */
  async function ingest(api: number, c: { id: string; key: string }): Promise<{ status: number; body: { status?: string } }> {
    const res = await fetch(`${apis[api]}/api/leads/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': c.key },
      body: JSON.stringify({ campaignId: c.id, fields: fields() }),
    });
    return { status: res.status, body: (await res.json()) as { status?: string } };
  }

  const deliveriesBy = async (clientIds: string[]): Promise<number[]> => {
    const rows: Array<{ client_id: string; n: number }> = await t.db.query(
      `SELECT client_id, count(*)::int AS n FROM deliveries WHERE client_id = ANY($1) GROUP BY client_id`,
      [clientIds],
    );
    return clientIds.map((id) => rows.find((r) => r.client_id === id)?.n ?? 0);
  };

  let roundRobin: Awaited<ReturnType<typeof buyers>> = [];
  let capped: Awaited<ReturnType<typeof buyers>> = [];

  it('keeps one round-robin rotation and exact caps with leads arriving through both APIs at once', async () => {
    [roundRobin, capped] = await Promise.all([buyers(3), Promise.all([buyers(1, { dailyCap: 5 }), buyers(1)]).then((two) => two.flat())]);
    const rr = await campaign(
      'round_robin',
      roundRobin.map((b) => ({ clientId: b.clientId })),
    );
    const waterfall = await campaign('waterfall', [
      { clientId: capped[0]!.clientId, priority: 1 },
      { clientId: capped[1]!.clientId, priority: 2 },
    ]);
    // 60 round-robin leads, a third through one API and the rest through the other (a rotation kept
    // per process would come out 21/20/19), and 16 waterfall leads, interleaved, 8 in flight.
    const rrLeads = Array.from({ length: 60 }, (_, j) => () => ingest(j % 3 === 0 ? 0 : 1, rr));
    const waterfallLeads = Array.from({ length: 16 }, (_, j) => () => ingest(j % 2, waterfall));
    const tasks = [...rrLeads];
    waterfallLeads.forEach((task, k) => tasks.splice(k * 5 + 4, 0, task));
    const answers = await pool(tasks, 8);
    expect(answers.map((a) => `${a.status} ${a.body.status}`)).toEqual(answers.map(() => '200 delivered'));
    expect(await deliveriesBy(roundRobin.map((b) => b.clientId))).toEqual([20, 20, 20]);
    expect(await deliveriesBy(capped.map((b) => b.clientId))).toEqual([5, 11]);
  });

  it('sees a change made through one API on the other at once (LeadByte buyers are remembered per process)', async () => {
    const buyer = roundRobin[0]!;
    const [{ inbound_token: token }] = (await t.db.query(`SELECT inbound_token FROM clients WHERE id = $1`, [buyer.clientId])) as Array<{
      inbound_token: string;
    }>;
    const post = (api: string, lead: number) =>
      fetch(`${api}/api/leads/inbound/${token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ lead_id: `LB-${lead}`, ...fields() }),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code: string }).code }));
    expect(await post(apis[0]!, 1)).toEqual({ status: 201, code: 'accepted' }); // the first API now remembers this buyer
    await fetch(`${apis[1]}/api/onboarding/lead-preferences`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', ...bearer(buyer.token) },
      body: JSON.stringify(leadPreferences({ ...EVERY_HOUR, postcodeAreas: ['LS1'] })),
    }).then((r) => expect(r.status).toBe(200));
    expect(await post(apis[0]!, 2)).toEqual({ status: 422, code: 'out_of_area' });
  });

  it('delivers each outbox event to the webhook endpoint exactly once, whichever worker relays it', async () => {
    // Every event since the endpoint was added (and any older one still unpublished then) is for it.
    const expected = (
      (await t.db.query(`SELECT id FROM outbox_events WHERE created_at > $1 AND type = ANY($2)`, [
        since,
        SUBSCRIBABLE_EVENT_TYPES,
      ])) as Array<{ id: string }>
    ).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(76); // a lead.send_data per delivered lead, and more
    const ids = () => new Set(receiver.received.map((w) => String(w.headers['webhook-id'])));
    await until(
      'every event at the endpoint',
      async () => ids(),
      (got) => expected.every((id) => got.has(id)),
      30_000,
    );
    await waitForQueuesToDrain(t.queues());
    const fannedOut = (
      (await t.db.query(`SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1`, [endpointId])) as Array<{ event_id: string }>
    ).map((d) => d.event_id);
    expect(fannedOut).toEqual(expect.arrayContaining(expected));
    expect(new Set(fannedOut).size).toBe(fannedOut.length);
    const received = receiver.received.map((w) => String(w.headers['webhook-id']));
    expect(received.filter((id, i) => received.indexOf(id) !== i)).toEqual([]); // none twice
    expect(new Set(received)).toEqual(new Set(fannedOut));
  });

  it('fires the weekly invoice run once per tick across both workers: one Stripe invoice per client and week', async () => {
    const period = previousWeek(new Date(), 'Europe/London');
    for (const c of capped) {
      await t
        .http()
        .put(`/api/admin/clients/${c.clientId}/credit-terms`)
        .set(bearer(admin))
        .send({ weeklyTerms: true, creditLimit: 100_000 })
        .expect(200);
      // One of its lead charges falls in last week, the week the next run invoices.
      await t.db.query(
        `UPDATE ledger_entries SET created_at = $2 WHERE id = (SELECT id FROM ledger_entries WHERE client_id = $1 AND kind = 'lead_charge' ORDER BY created_at LIMIT 1)`,
        [c.clientId, `${period.start}T12:00:00Z`],
      );
    }
    const clientIds = capped.map((c) => c.clientId);
    const weekly = async () =>
      (await t.db.query(
        `SELECT client_id, period_start::text AS period_start, net_amount FROM payments WHERE kind = 'weekly_request' AND client_id = ANY($1) AND hosted_invoice_url IS NOT NULL`,
        [clientIds],
      )) as Array<{ client_id: string; period_start: string; net_amount: number }>;
    await until('both weekly invoices', weekly, (rows) => rows.length >= 2, 20_000);
    const queue: Queue = t.queue('billing');
    const completedRuns = async () => (await queue.getCompleted()).filter((j) => j.name === 'billing.weekly-invoices');
    const before = (await completedRuns()).length;
    await until('two more runs', completedRuns, (jobs) => jobs.length >= before + 2, 10_000);

    expect((await weekly()).map((p) => [p.client_id, p.period_start, Number(p.net_amount)]).sort()).toEqual(
      clientIds.map((id) => [id, period.start, 1_000]).sort(),
    );
    const stripe = (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as {
      stripe: { invoices: Array<{ metadata: Record<string, string> }> };
    };
    expect(stripe.stripe.invoices.map((i) => `${i.metadata.clientId} ${i.metadata.periodStart}`).sort()).toEqual(
      clientIds.map((id) => `${id} ${period.start}`).sort(),
    );
    const requests = (await (await fetch(`${t.sandbox.url}/_sandbox/requests?pathPrefix=/v1/invoices`)).json()) as {
      data: Array<{ method: string; path: string }>;
    };
    expect(requests.data.filter((r) => r.method === 'POST' && r.path === '/v1/invoices')).toHaveLength(2);
    // Both workers registered the schedule; Bull keeps one, and each tick's job ran once.
    expect(await queue.getRepeatableJobs()).toHaveLength(1);
    const ticks = (await completedRuns()).map((j) => String(j.id).split(':').pop());
    expect(ticks.length).toBeGreaterThanOrEqual(before + 2);
    expect(new Set(ticks).size).toBe(ticks.length);
  });
});
