import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, type IndustryBody } from './utils/actors';
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
    expect(overview.queues.map((q: { name: string }) => q.name).sort()).toEqual(['billing', 'email', 'integrations', 'webhooks']);
    expect(overview.queueBoardUrl).toBe('/admin/queues');
    await t.http().get('/api/admin/overview').set(bearer(b.token)).expect(403);
  });
});
