import {
  bearer,
  campaignWithSupplier,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  onboardBuyer,
  type IndustryBody,
} from './utils/actors';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
const PRICE = 2_500;
const EVERY_DAY = {
  postcodeAreas: ['M1'],
  dailyCap: 1_000,
  weeklyCap: null,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
};
let n = 0;
const lead = () => {
  n += 1;
  return { lead_id: `LB-S-${Date.now()}-${n}`, firstname: 'Ann', phone1: `07700${String(300000 + n).slice(-6)}`, postcode: 'M1 1AE' };
};
const fields = () => {
  n += 1;
  return { firstname: 'Bob', phone1: `07700${String(400000 + n).slice(-6)}`, postcode: 'M1 1AE' };
};

describe('spending limits', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: PRICE, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => t.close());

  const setPrefs = (token: string, extra: Record<string, unknown>) =>
    t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(token))
      .send({ ...leadPreferences(EVERY_DAY), ...extra });

  it('50 concurrent leads against a weekly limit of 7 leads’ worth: exactly 7 delivered and charged, the rest refused with spend_limit_reached', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 1_000_000, prefs: EVERY_DAY });
    await setPrefs(b.token, { weeklySpendLimit: 7 * PRICE }).expect(200);
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.http().post(b.path).send(lead())));
    const accepted = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status !== 201);
    expect(accepted).toHaveLength(7);
    expect(refused).toHaveLength(43);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ result: 'rejected', code: 'spend_limit_reached' });
    }
    const [charges] = await t.db.query(
      `SELECT count(*)::int AS n, coalesce(-sum(amount), 0)::int AS total FROM ledger_entries WHERE client_id = $1 AND kind = 'lead_charge'`,
      [b.clientId],
    );
    expect(charges).toEqual({ n: 7, total: 7 * PRICE });

    const d = (await t.http().get('/api/dashboard').set(bearer(b.token)).expect(200)).body;
    expect(d).toMatchObject({ spentThisWeek: 7 * PRICE, spentThisMonth: 7 * PRICE, weeklySpendLimit: 7 * PRICE, monthlySpendLimit: null });
    const missed = (await t.http().get('/api/leads/missed').set(bearer(b.token)).expect(200)).body;
    expect(missed.items.length).toBeGreaterThan(0);
    expect(new Set(missed.items.map((m: { reason: string }) => m.reason))).toEqual(new Set(['spend_limit_reached']));

    // A refund gives the money back to the week: one more lead fits, then the limit holds again.
    const [{ lead_id: leadId }] = await t.db.query(`SELECT lead_id FROM deliveries WHERE client_id = $1 LIMIT 1`, [b.clientId]);
    const report = (await t.http().post(`/api/leads/${leadId}/report`).set(bearer(b.token)).send({ reason: 'wrong_number' }).expect(201))
      .body;
    await t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({}).expect(200);
    await t.http().post(b.path).send(lead()).expect(201);
    expect((await t.http().post(b.path).send(lead()).expect(422)).body.code).toBe('spend_limit_reached');

    // Raising the limit lets leads through again; clearing it (null) removes it.
    await setPrefs(b.token, { weeklySpendLimit: 9 * PRICE }).expect(200);
    await t.http().post(b.path).send(lead()).expect(201);
    await setPrefs(b.token, { weeklySpendLimit: null }).expect(200);
    await t.http().post(b.path).send(lead()).expect(201);
  });

  it('checks the month as well as the week, and a lead landing exactly on the limit is taken', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 1_000_000, prefs: EVERY_DAY });
    await setPrefs(b.token, { monthlySpendLimit: 2 * PRICE }).expect(200);
    await t.http().post(b.path).send(lead()).expect(201);
    await t.http().post(b.path).send(lead()).expect(201);
    expect((await t.http().post(b.path).send(lead()).expect(422)).body.code).toBe('spend_limit_reached');
    const prefs = (await t.http().get('/api/onboarding').set(bearer(b.token)).expect(200)).body.leadPreferences;
    expect(prefs).toMatchObject({ weeklySpendLimit: null, monthlySpendLimit: 2 * PRICE });
  });

  it('keeps the limits when an update leaves them out, and refuses limits that are not a positive number of pence', async () => {
    const b = await onboardBuyer(t, industry.id, { prefs: EVERY_DAY });
    await setPrefs(b.token, { weeklySpendLimit: 30_000, monthlySpendLimit: 100_000 }).expect(200);
    const saved = (await setPrefs(b.token, { dailyCap: 20 }).expect(200)).body;
    expect(saved.leadPreferences ?? saved).toMatchObject({ weeklySpendLimit: 30_000, monthlySpendLimit: 100_000 });
    for (const [field, value] of [
      ['weeklySpendLimit', 0],
      ['weeklySpendLimit', -500],
      ['monthlySpendLimit', 12.5],
      ['monthlySpendLimit', 'a lot'],
      ['weeklySpendLimit', 100_000_001],
    ] as const) {
      const res = await setPrefs(b.token, { [field]: value }).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });

  it('passes a supplier’s lead to the next buyer when the first has reached its limit, and says why on the lead', async () => {
    const first = await onboardBuyer(t, industry.id, { credit: 1_000_000, prefs: EVERY_DAY });
    const second = await onboardBuyer(t, industry.id, { credit: 1_000_000, prefs: EVERY_DAY });
    await setPrefs(first.token, { weeklySpendLimit: PRICE }).expect(200);
    const campaign = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Spend waterfall',
      strategy: 'waterfall',
      subscriptions: [
        { clientId: first.clientId, priority: 1 },
        { clientId: second.clientId, priority: 2 },
      ],
    });
    const ingest = () => campaign.ingest(fields()).expect(200);

    expect((await ingest()).body.status).toBe('delivered');
    const next = (await ingest()).body;
    expect(next.status).toBe('delivered');
    const [record] = await t.db.query(`SELECT eligibility FROM leads WHERE id = $1`, [next.leadId]);
    expect(record.eligibility).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: first.clientId, eligible: false, reason: 'spend_limit_reached' }),
        expect.objectContaining({ clientId: second.clientId, eligible: true }),
      ]),
    );
    const [{ n: secondGot }] = await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1`, [second.clientId]);
    expect(secondGot).toBe(1);
  });
});
