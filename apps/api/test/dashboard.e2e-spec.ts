import { LedgerService } from '../src/billing/ledger.service';
import {
  bearer,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  onboardBillable,
  onboardBuyer,
  type IndustryBody,
} from './utils/actors';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
const EVERY_DAY = {
  postcodeAreas: ['M1'],
  dailyCap: 10,
  weeklyCap: 40,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
};

describe('the client dashboard and the admin overview', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => t.close());

  it('shows balance, caps, today’s leads, 30 days of spend, recent leads, the runway and what needs attention', async () => {
    const b = await onboardBillable(t, industry.id);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(b.token)).send(leadPreferences(EVERY_DAY)).expect(200);
    await t.app.get(LedgerService).credit('top_up', { clientId: b.clientId, amount: 10_000, cause: `seed:${b.clientId}` });
    const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
    for (let i = 0; i < 2; i += 1)
      await t
        .http()
        .post(inbound)
        .send({ lead_id: `LB-D-${Date.now()}-${i}`, firstname: 'Ann', phone1: `0770090${2000 + i}`, postcode: 'M1 1AE' })
        .expect(201);

    const d = (await t.http().get('/api/dashboard').set(bearer(b.token)).expect(200)).body;
    expect(d).toMatchObject({
      billingMode: 'billable',
      balance: 5_000,
      creditLimit: 0,
      currency: 'GBP',
      leadsToday: 2,
      leadsThisWeek: 2,
      dailyCap: 10,
      weeklyCap: 40,
      paused: false,
    });
    expect(d.series).toHaveLength(30);
    expect(d.series.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), leads: 2, spend: 5_000 });
    expect(d.recentLeads).toHaveLength(2);
    // £50 spent in the last hour; the same hour next week (and the one after) is forecast at £25 an hour: £50 left lasts two weeks.
    expect(d.runway).toMatchObject({ basisDays: 14, spend: 5_000, averageDailySpend: 357, autoChargeAt: null, autoChargeFirst: false });
    const weeks = (new Date(d.runway.runsOutAt).getTime() - Date.now()) / (7 * 86_400_000);
    expect(weeks).toBeGreaterThan(1.9);
    expect(weeks).toBeLessThan(2.1);
    expect(d.runway.method).toMatch(/last 14 days/);
    expect(d.attention).toEqual([]);

    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b.token))
      .send(leadPreferences({ ...EVERY_DAY, paused: true }))
      .expect(200);
    const paused = (await t.http().get('/api/dashboard').set(bearer(b.token)).expect(200)).body;
    expect(paused.attention).toEqual([expect.objectContaining({ kind: 'paused', link: '/account/preferences' })]);

    const overview = (await t.http().get('/api/admin/overview').set(bearer(admin)).expect(200)).body;
    expect(overview.deliveredToday).toBeGreaterThanOrEqual(2);
    expect(overview.revenueToday).toBeGreaterThanOrEqual(5_000);
    expect(overview.topBuyers).toEqual(expect.arrayContaining([expect.objectContaining({ id: b.clientId, count: 2, amount: 5_000 })]));
    expect(overview.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'billing',
      'email',
      'integrations',
      'privacy',
      'sms',
      'subscriptions',
      'webhooks',
    ]);
    expect(overview.queueBoardUrl).toBe('/admin/queues');
    await t.http().get('/api/admin/overview').set(bearer(b.token)).expect(403);
  });

  it('reads its charts from hourly roll-ups that equal the deliveries and the ledger, whoever writes them', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 50_000 });
    const other = await onboardBuyer(t, industry.id);
    const leadIds: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await t
        .http()
        .post(b.path)
        .send({ lead_id: `LB-H-${Date.now()}-${i}`, firstname: 'Ann', phone1: `0770091${2000 + i}`, postcode: 'M1 1AE' })
        .expect(201);
      leadIds.push(res.body.leadId as string);
    }
    // A refund (the delivery's status and a ledger credit), a delivery and its charge moved three days back,
    // a delivery deleted, and a bulk insert of two deliveries in one statement.
    const report = (
      await t.http().post(`/api/leads/${leadIds[0]}/report`).set(bearer(b.token)).send({ reason: 'wrong_number' }).expect(201)
    ).body;
    await t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({}).expect(200);
    const [[moved]] = await t.db.query(
      `UPDATE deliveries SET delivered_at = delivered_at - interval '3 days' WHERE lead_id = $1 RETURNING id, delivered_at`,
      [leadIds[1]],
    );
    await t.db.query(
      `UPDATE ledger_entries SET created_at = $2 WHERE client_id = $1 AND kind = 'lead_charge' AND cause = 'delivery:' || $3`,
      [b.clientId, moved.delivered_at, moved.id],
    );
    await t.db.query(`DELETE FROM deliveries WHERE lead_id = $1`, [leadIds[2]]);
    await t.db.query(
      `INSERT INTO deliveries (lead_id, client_id, price, status, delivered_at)
       SELECT id, $1, 1_000, 'delivered', now() - interval '5 days' FROM leads WHERE id = ANY($2::uuid[])`,
      [other.clientId, leadIds.slice(3)],
    );

    // A supplier's leads (row triggers on leads), delivered to another buyer, one moved an hour back, one refunded.
    const [{ id: supplierId }] = await t.db.query(
      `INSERT INTO suppliers (name, key_hash, key_prefix) VALUES ('Roll-up supplier', repeat('0', 64), 'lfs_rollup') RETURNING id`,
    );
    const supplied: Array<{ id: string }> = await t.db.query(
      `INSERT INTO leads (industry_id, source, external_id, supplier_id, postcode, fields, status, received_at)
       SELECT $1::uuid, 'supplier', 'SUP-H-' || i || '-' || $2, $2::uuid, 'M1 1AE', '{}'::jsonb, 'delivered', now() - (i || ' minutes')::interval
         FROM generate_series(1, 3) AS i RETURNING id`,
      [industry.id, supplierId],
    );
    await t.db.query(
      `INSERT INTO deliveries (lead_id, client_id, price, status, delivered_at) SELECT id, $1, 1_500, 'delivered', now() FROM leads WHERE id = ANY($2::uuid[])`,
      [other.clientId, supplied.map((l) => l.id)],
    );
    await t.db.query(`UPDATE leads SET received_at = received_at - interval '1 hour' WHERE id = $1`, [supplied[0]!.id]);
    await t.db.query(`UPDATE deliveries SET status = 'refunded' WHERE lead_id = $1`, [supplied[1]!.id]);

    const rollup = await t.db.query(
      `SELECT client_id, hour, deliveries, kept, kept_amount::int FROM delivery_hours WHERE deliveries <> 0 OR kept <> 0 ORDER BY 1, 2`,
    );
    const direct = await t.db.query(
      `SELECT client_id, date_trunc('hour', delivered_at, 'UTC') AS hour, count(*)::int AS deliveries,
              (count(*) FILTER (WHERE status <> 'refunded'))::int AS kept, coalesce(sum(price) FILTER (WHERE status <> 'refunded'), 0)::int AS kept_amount
         FROM deliveries GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rollup).toEqual(direct);
    expect(
      rollup.filter((r: { client_id: string }) => r.client_id === b.clientId).reduce((n: number, r: { kept: number }) => n + r.kept, 0),
    ).toBe(3);
    const spendRollup = await t.db.query(`SELECT client_id, hour, amount::int FROM lead_spend_hours WHERE amount <> 0 ORDER BY 1, 2`);
    const spendDirect = await t.db.query(
      `SELECT client_id, date_trunc('hour', created_at, 'UTC') AS hour, sum(amount)::int AS amount FROM ledger_entries
        WHERE kind IN ('lead_charge', 'refund') GROUP BY 1, 2 HAVING sum(amount) <> 0 ORDER BY 1, 2`,
    );
    expect(spendRollup).toEqual(spendDirect);

    const supplierRollup = await t.db.query(
      `SELECT supplier_id, hour, leads, sold_amount::int FROM supplier_hours WHERE leads <> 0 OR sold_amount <> 0 ORDER BY 1, 2`,
    );
    const supplierDirect = await t.db.query(
      `SELECT l.supplier_id, date_trunc('hour', l.received_at, 'UTC') AS hour, count(*)::int AS leads,
              coalesce(sum((SELECT sum(d.price) FROM deliveries d WHERE d.lead_id = l.id)), 0)::int AS sold_amount
         FROM leads l WHERE l.supplier_id IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(supplierRollup).toEqual(supplierDirect);

    // What the screens show from them: today three deliveries (one deleted, one moved three days back) and
    // £25 × 4 charged less £25 refunded; three days ago one lead and its £25; the runway's 14 days £100 net.
    const d = (await t.http().get('/api/dashboard').set(bearer(b.token)).expect(200)).body;
    const threeDaysAgo = new Date(moved.delivered_at).toISOString().slice(0, 10);
    expect(d.series.at(-1)).toMatchObject({ leads: 3, spend: 7_500 });
    expect(d.series.find((s: { date: string }) => s.date === threeDaysAgo)).toMatchObject({ leads: 1, spend: 2_500 });
    expect(d.runway.spend).toBe(10_000);
    const overview = (await t.http().get('/api/admin/overview').set(bearer(admin)).expect(200)).body;
    expect(overview.topBuyers).toEqual(expect.arrayContaining([expect.objectContaining({ id: b.clientId, count: 3, amount: 7_500 })]));
    expect(overview.reportRates).toEqual(expect.arrayContaining([expect.objectContaining({ clientId: b.clientId, reported: 1 })]));
    expect(overview.supplierVolumes).toEqual(
      expect.arrayContaining([{ id: supplierId, name: 'Roll-up supplier', count: 3, amount: 4_500 }]),
    );
  });
});
