import { upsertUser } from '../src/bin/upsert-user';
import { campaignWithSupplier, connectXero, createAdmin, createIndustry, onboardBuyer } from './utils/actors';
import { eventually, logInThroughForm } from './utils/browser';
import { browserSuite } from './utils/browser-suite';
import { newUser } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

describe('the marketplace in the admin screens: bids, ping figures, return rules and resale', () => {
  const suite = browserSuite();

  it('sets a buyer’s bid on the campaign, and shows each supplier’s pings, acceptance and conversion', async () => {
    const { t, web } = suite;
    const adminToken = await createAdmin(t);
    const industry = await createIndustry(t, adminToken, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, adminToken);
    const buyer = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: { dailyCap: 1 } });
    const name = `Pinged campaign ${Date.now()}`;
    const c = await campaignWithSupplier(t, adminToken, industry.id, {
      name,
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const admin = newUser({ firstName: 'Pia', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.goto(`${web.url}/admin/campaigns`);
    const bid = page.getByLabel(/^Bid for .*, in pounds$/).first();
    await bid.waitFor();
    expect(await bid.getAttribute('placeholder')).toBe('10.00');
    // Under the campaign's price: the API's refusal is shown on the row.
    await bid.fill('9');
    await page
      .getByRole('button', { name: /^Save .*'s subscription$/ })
      .first()
      .click();
    await page.getByRole('alert').filter({ hasText: "A bid must be at least the campaign's price" }).waitFor();
    await bid.fill('12.50');
    await page
      .getByRole('button', { name: /^Save .*'s subscription$/ })
      .first()
      .click();
    await eventually('the bid is saved', async () => {
      const campaigns = await t.http().get('/api/admin/campaigns').set('Authorization', `Bearer ${adminToken}`);
      const saved = (campaigns.body as Array<{ id: string; subscriptions: Array<{ bid: number | null }> }>).find((x) => x.id === c.id);
      return saved?.subscriptions[0]?.bid === 1_250;
    });
    // The row shows what was saved, with nothing left to save.
    await page
      .getByRole('button', { name: /^Save .*'s subscription$/ })
      .first()
      .and(page.locator(':disabled'))
      .waitFor();
    expect(
      await page
        .getByLabel(/^Bid for .*, in pounds$/)
        .first()
        .inputValue(),
    ).toBe('12.50');

    // Two pings (room for one lead: the second is refused), the first posted at the bid.
    const ping = () =>
      t
        .http()
        .post('/api/leads/ping')
        .set('X-API-Key', c.apiKey)
        .send({ campaignId: c.id, fields: { postcode: 'M1 1AE' } })
        .expect(200);
    const first = await ping();
    expect(first.body).toMatchObject({ accepted: true, price: 1_250 });
    expect((await ping()).body.accepted).toBe(false);
    const posted = await t
      .http()
      .post('/api/leads/post')
      .set('X-API-Key', c.apiKey)
      .send({ pingId: first.body.pingId, fields: { firstname: 'Ann', phone1: '07700900123', postcode: 'M1 1AE' } })
      .expect(200);
    expect(posted.body).toMatchObject({ status: 'delivered', deliveries: [{ clientId: buyer.clientId, price: 1_250 }] });

    await page.goto(`${web.url}/admin/suppliers`);
    const stats = page.getByRole('table', { name: 'Pings per supplier, last 30 days' });
    const row = stats.getByRole('row').filter({ hasText: `${name} supplier` });
    await row.waitFor();
    expect((await row.getByRole('cell').allTextContents()).slice(1)).toEqual(['2', '1 (50 %)', '1 (100 % of accepted)', '0']);
  });

  it('sets a client’s own return limit and trusted switch, a campaign’s and an industry’s resale, and the industry’s return window and reasons', async () => {
    const { t, web } = suite;
    const adminToken = await createAdmin(t);
    const industry = await createIndustry(t, adminToken, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, adminToken);
    const buyer = await onboardBuyer(t, industry.id, { credit: 10_000 });
    const name = `Resold campaign ${Date.now()}`;
    const c = await campaignWithSupplier(t, adminToken, industry.id, {
      name,
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const admin = newUser({ firstName: 'Ray', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    const page = await suite.open({ width: 1280, height: 900 });
    await logInThroughForm(page, web.url, admin.email, admin.password);
    await page.goto(`${web.url}/admin/clients/${buyer.clientId}`);
    const returns = page.getByRole('region', { name: 'Returns' });
    await returns.getByText('Return rate over the last 30 days: 0 % of a limit of 15 % (the default).', { exact: false }).waitFor();
    await returns.getByLabel('Own return limit (%)').fill('101');
    await returns.getByRole('button', { name: 'Save return rules' }).click();
    await returns.getByText('Enter a whole percent from 0 to 100, or leave it empty for the default.').waitFor();
    await returns.getByLabel('Own return limit (%)').fill('20');
    await returns.getByLabel('Trusted: approve returns at once').check();
    await returns.getByRole('button', { name: 'Save return rules' }).click();
    await returns.getByText(/Saved: .* may return up to 20 % of its leads; returns within it are approved at once\./).waitFor();
    const rules = await t
      .http()
      .get(`/api/admin/clients/${buyer.clientId}/return-rules`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(rules.body).toMatchObject({ rateLimitPercent: 20, autoApprove: true, effectiveRateLimitPercent: 20 });

    await page.goto(`${web.url}/admin/campaigns`);
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    await page.getByLabel('Sell approved returns again at once').check();
    await page.getByLabel('Resale discount (%)').fill('30');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText(`${name} is saved.`).waitFor();

    // The industry's return window, allowed reasons and resale.
    await page.goto(`${web.url}/admin/industries`);
    await page.getByRole('button', { name: `Edit ${industry.name}` }).click();
    await page.getByLabel('Return window (days)').fill('14');
    await page.getByRole('checkbox', { name: 'Wrong number' }).check();
    await page.getByRole('checkbox', { name: 'Fake details' }).check();
    await page.getByRole('group', { name: 'Returns' }).getByLabel('Sell approved returns again at once').check();
    await page.getByRole('group', { name: 'Returns' }).getByLabel('Resale discount (%)').fill('20');
    await page.getByRole('button', { name: 'Save industry' }).click();
    await page.getByText(`${industry.name} is saved.`).waitFor();
    const industries = await t.http().get('/api/admin/industries').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(industries.body.find((x: { id: string }) => x.id === industry.id)).toMatchObject({
      returnWindowDays: 14,
      returnReasons: ['wrong_number', 'fake'],
      resaleAuto: true,
      resaleDiscountPercent: 20,
    });
    // A client now sees that window and those reasons before reporting.
    const policy = await t.http().get('/api/leads/return-policy').set('Authorization', `Bearer ${buyer.token}`).expect(200);
    expect(policy.body).toMatchObject({ windowDays: 14, reasons: ['wrong_number', 'fake'], limitPercent: 20 });

    const campaigns = await t.http().get('/api/admin/campaigns').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(campaigns.body.find((x: { id: string }) => x.id === c.id)).toMatchObject({ resaleAuto: true, resaleDiscountPercent: 30 });
  });
});
