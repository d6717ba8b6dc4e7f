import { bearer, campaignWithSupplier, connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
let n = 0;
const lead = () => {
  n += 1;
  return { lead_id: `LB-RR-${Date.now()}-${n}`, firstname: 'Ann', phone1: `07700${String(300000 + n).slice(-6)}`, postcode: 'M1 1AE' };
};

describe('return rules', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    // The rule: a return for `fake` is approved at once while the client's rate stays under 50 %.
    t = await TestApp.create({
      env: { RETURN_RATE_LIMIT_PERCENT: '15', RETURN_AUTO_APPROVE_BELOW_PERCENT: '50', RETURN_AUTO_APPROVE_REASONS: 'fake' },
    });
    admin = await createAdmin(t);
    await connectXero(t, admin);
    industry = await createIndustry(t, admin, {
      leadCost: 1_000,
      leadColumns: COLUMNS,
      returnWindowDays: 2,
      returnReasons: ['wrong_number', 'fake', 'other'],
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const balance = async (token: string) => (await t.http().get('/api/billing').set(bearer(token)).expect(200)).body.balance as number;
  const buyer = async (rules?: { rateLimitPercent?: number | null; autoApprove?: boolean }, industryId = industry.id) => {
    const b = await onboardBuyer(t, industryId, { credit: 10_000 });
    if (rules) await t.http().put(`/api/admin/clients/${b.clientId}/return-rules`).set(bearer(admin)).send(rules).expect(200);
    return b;
  };
  const leadsFor = async (b: { path: string }, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push((await t.http().post(b.path).send(lead()).expect(201)).body.leadId as string);
    return ids;
  };
  const report = (token: string, leadId: string, reason: string) =>
    t.http().post(`/api/leads/${leadId}/report`).set(bearer(token)).send({ reason });
  const ledgerRows = async (cause: string) =>
    ((await t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE cause = $1`, [cause])) as Array<{ n: number }>)[0]!.n;

  it('keeps to the industry’s window and reasons, and shows the client its rate and limit before it returns a lead', async () => {
    const b = await buyer();
    const [first, old] = await leadsFor(b, 2);
    const policy = (await t.http().get('/api/leads/return-policy').set(bearer(b.token)).expect(200)).body;
    expect(policy).toEqual({
      windowDays: 2,
      reasons: ['wrong_number', 'fake', 'other'],
      leadsLast30Days: 2,
      returnsLast30Days: 0,
      returnRatePercent: 0,
      limitPercent: 15,
      nextReturnOverLimit: true,
    });
    const refused = await report(b.token, first!, 'duplicate').expect(422);
    expect(refused.body.details).toEqual([{ field: 'reason', messages: ['reason must be one of wrong_number, fake, other'] }]);
    await t.db.query(`UPDATE deliveries SET delivered_at = now() - interval '3 days' WHERE lead_id = $1`, [old]);
    expect((await report(b.token, old!, 'fake').expect(409)).body.message).toBe('Leads can be reported within 2 days of delivery');
  });

  it('marks a return past the client’s rate limit and never approves it automatically, even for a trusted client', async () => {
    const b = await buyer({ rateLimitPercent: 25, autoApprove: true });
    const [a, c] = await leadsFor(b, 4);
    expect(await balance(b.token)).toBe(6_000);
    const within = (await report(b.token, a!, 'wrong_number').expect(201)).body;
    expect(within).toMatchObject({ status: 'approved', automatic: true, overLimit: false, returnRatePercent: 25 });
    expect(await balance(b.token)).toBe(7_000);

    const policy = (await t.http().get('/api/leads/return-policy').set(bearer(b.token)).expect(200)).body;
    expect(policy).toMatchObject({
      returnsLast30Days: 1,
      leadsLast30Days: 4,
      returnRatePercent: 25,
      limitPercent: 25,
      nextReturnOverLimit: true,
    });
    const over = (await report(b.token, c!, 'fake').expect(201)).body;
    expect(over).toMatchObject({ status: 'pending', automatic: false, overLimit: true, returnRatePercent: 50 });
    expect(await balance(b.token)).toBe(7_000);
    const queue = (await t.http().get('/api/admin/reports?status=pending&pageSize=100').set(bearer(admin)).expect(200)).body;
    expect(queue.items.find((r: { id: string }) => r.id === over.id)).toMatchObject({ overLimit: true });
  });

  it('approves a return by the rule (reason and rate), refunds it once however often it is approved, and logs it as automatic', async () => {
    const b = await buyer({ rateLimitPercent: 30 });
    const [a, c] = await leadsFor(b, 10);
    const auto = (await report(b.token, a!, 'fake').expect(201)).body;
    expect(auto).toMatchObject({ status: 'approved', automatic: true, price: 1_000, returnRatePercent: 10 });
    // Under the rule's rate too, but not one of its reasons: an admin decides.
    const pending = (await report(b.token, c!, 'wrong_number').expect(201)).body;
    expect(pending).toMatchObject({ status: 'pending', automatic: false, overLimit: false, returnRatePercent: 20 });
    expect(auto.reversibleUntil).not.toBeNull();
    const approvals = await Promise.all(
      [1, 2].map(() => t.http().post(`/api/admin/reports/${auto.id}/approve`).set(bearer(admin)).send({})),
    );
    expect(approvals.map((r) => [r.status, r.body.status])).toEqual([
      [200, 'approved'],
      [200, 'approved'],
    ]);
    expect(await ledgerRows(`refund:report:${auto.id}`)).toBe(1);
    expect(await balance(b.token)).toBe(10_000 - 10 * 1_000 + 1_000);
    const logged = await t.db.query(
      `SELECT actor_user_id, after FROM activity_log WHERE client_id = $1 AND action = 'lead_report.approved'`,
      [b.clientId],
    );
    expect(logged).toEqual([{ actor_user_id: null, after: { reportId: auto.id, refund: 1_000, automatic: true } }]);
  });

  it('lets an admin reverse an automatic approval once within a day (charged again once), and no other approval', async () => {
    const b = await buyer({ autoApprove: true, rateLimitPercent: 100 });
    const [a, c] = await leadsFor(b, 2);
    const auto = (await report(b.token, a!, 'other').send({ reason: 'other', note: 'No such person' }).expect(201)).body;
    expect(auto).toMatchObject({ status: 'approved', automatic: true });
    expect(await balance(b.token)).toBe(9_000);
    const reversals = await Promise.all(
      [1, 2].map(() => t.http().post(`/api/admin/reports/${auto.id}/reverse`).set(bearer(admin)).send({})),
    );
    expect(reversals.map((r) => [r.status, r.body.status])).toEqual([
      [200, 'reversed'],
      [200, 'reversed'],
    ]);
    expect(await ledgerRows(`reversal:report:${auto.id}`)).toBe(1);
    expect(await ledgerRows(`refund:report:${auto.id}`)).toBe(1);
    expect(await balance(b.token)).toBe(8_000);
    await t.http().post(`/api/admin/reports/${auto.id}/approve`).set(bearer(admin)).send({}).expect(409);
    const lead = (await t.http().get(`/api/leads/${a}`).set(bearer(b.token)).expect(200)).body;
    expect(lead.reportStatus).toBe('reversed');

    // An admin's own approval is not reversible, nor an automatic one after a day.
    await t.http().put(`/api/admin/clients/${b.clientId}/return-rules`).set(bearer(admin)).send({ autoApprove: false }).expect(200);
    const manual = (await report(b.token, c!, 'wrong_number').expect(201)).body;
    await t.http().post(`/api/admin/reports/${manual.id}/approve`).set(bearer(admin)).send({}).expect(200);
    await t.http().post(`/api/admin/reports/${manual.id}/reverse`).set(bearer(admin)).send({}).expect(409);
    await t.db.query(`UPDATE lead_reports SET automatic = true, decided_at = now() - interval '25 hours' WHERE id = $1`, [manual.id]);
    await t.http().post(`/api/admin/reports/${manual.id}/reverse`).set(bearer(admin)).send({}).expect(409);
    await t.http().post(`/api/admin/reports/${manual.id}/reverse`).set(bearer(b.token)).send({}).expect(403);
  });

  it('resells an approved return at the discount to buyers who never had the lead, and shows the chain on the lead', async () => {
    const resale = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    const [first, second, third] = [
      await buyer({ autoApprove: true, rateLimitPercent: 100 }, resale.id),
      await buyer(undefined, resale.id),
      await buyer(undefined, resale.id),
    ];
    const campaign = await campaignWithSupplier(t, admin, resale.id, {
      name: 'Resale',
      strategy: 'waterfall',
      subscriptions: [first!, second!, third!].map((b, i) => ({ clientId: b.clientId, priority: i + 1 })),
    });
    await t
      .http()
      .patch(`/api/admin/campaigns/${campaign.id}`)
      .set(bearer(admin))
      .send({ resaleAuto: true, resaleDiscountPercent: 20 })
      .expect(200);
    const sold = (await campaign.ingest(lead()).expect(200)).body;
    expect(sold.deliveries).toEqual([{ clientId: first!.clientId, price: 1_000 }]);

    // The first buyer's return is approved at once and the lead goes to the next buyer at 20 % off.
    const back = (await report(first!.token, sold.leadId, 'fake').expect(201)).body;
    expect(back).toMatchObject({ status: 'approved', automatic: true, resoldTo: second!.clientId, resalePrice: 800 });
    expect(await balance(first!.token)).toBe(10_000);
    expect(await balance(second!.token)).toBe(9_200);

    // The second buyer returns it too; approved by an admin, it goes to the third, never back to the first (the discount is off the list price).
    const again = (await report(second!.token, sold.leadId, 'wrong_number').expect(201)).body;
    expect(again.status).toBe('pending');
    const approved = (await t.http().post(`/api/admin/reports/${again.id}/approve`).set(bearer(admin)).send({}).expect(200)).body;
    expect(approved).toMatchObject({ status: 'approved', resoldTo: third!.clientId, resalePrice: 800 });
    const twice = (await t.http().post(`/api/admin/reports/${again.id}/resell`).set(bearer(admin)).send({}).expect(200)).body;
    expect(twice.resoldTo).toBe(third!.clientId);
    const deliveries = await t.db.query(
      `SELECT client_id, price, status FROM deliveries WHERE lead_id = $1 ORDER BY delivered_at, price DESC`,
      [sold.leadId],
    );
    expect(deliveries).toEqual([
      { client_id: first!.clientId, price: 1_000, status: 'refunded' },
      { client_id: second!.clientId, price: 800, status: 'refunded' },
      { client_id: third!.clientId, price: 800, status: 'delivered' },
    ]);
    expect(await balance(third!.token)).toBe(9_200);

    const chain = (await t.http().get(`/api/admin/leads/${sold.leadId}`).set(bearer(admin)).expect(200)).body.returns;
    expect(chain).toMatchObject([
      { clientId: first!.clientId, status: 'approved', automatic: true, refund: 1_000, resoldTo: second!.clientId, resalePrice: 800 },
      { clientId: second!.clientId, status: 'approved', automatic: false, refund: 800, resoldTo: third!.clientId, resalePrice: 800 },
    ]);
  });
});
