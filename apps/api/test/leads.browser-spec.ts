import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, type IndustryBody } from './utils/actors';
import {
  eventually,
  freePort,
  launchChromium,
  logInThroughForm,
  openRecordedPage,
  SCREENSHOTS,
  startVite,
  type ViteServer,
} from './utils/browser';
import { TestApp, newUser } from './utils/test-app';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
];

describe('leads and reports screens against the real API and the LeadByte sandbox', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let adminToken: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    const webPort = await freePort();
    t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200' } });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken, { leadCost: 2_500, leadColumns: COLUMNS });
    // Onboarding waits for every registration, Xero's contact included; approvals raise Xero credit notes.
    await connectXero(t, adminToken);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  const openPage = (viewport: { width: number; height: number }) => openRecordedPage(browser, contexts, pageErrors, { viewport });

  const logIn = (page: Page, email: string, password = PASSWORD) => logInThroughForm(page, web.url, email, password);

  /** Credit through the API: a £50 top-up on the 4242 card, waited for until Stripe confirms it. */
  async function topUp(token: string, amount: number) {
    const payment = (
      await t.http().post('/api/billing/top-ups').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ amount }).expect(201)
    ).body as { id: string };
    let status = '';
    await eventually(
      'the top-up succeeds',
      async () => {
        status = ((await t.http().get(`/api/billing/payments/${payment.id}`).set(bearer(token)).expect(200)).body as { status: string })
          .status;
        if (status === 'failed' || status === 'canceled') throw new Error(`the top-up ${status}`);
        return status === 'succeeded';
      },
      20_000,
    );
  }

  it('shows a delivered lead to the client, who reports it; the admin approves the report and the balance comes back', async () => {
    const client = await onboardBillable(t, industry.id);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(client.token))
      .send(
        leadPreferences({
          postcodeAreas: ['M1'],
          dailyCap: 100,
          weeklyCap: null,
          deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          deliveryStart: '00:00',
          deliveryEnd: '24:00',
        }),
      )
      .expect(200);
    await topUp(client.token, 5_000);
    const account = (await t.http().get('/api/account').set(bearer(client.token)).expect(200)).body as {
      inboundLeadUrl: string;
      businessDetails: { businessName: string };
    };
    const businessName = account.businessDetails.businessName;

    // LeadByte (the sandbox) posts the lead to the client's own inbound URL, as it does in production.
    const inbound = new URL(account.inboundLeadUrl);
    const res = await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        url: `${t.url}${inbound.pathname}`,
        lead: {
          firstname: 'Ann',
          lastname: 'Smith',
          email: `ann.${Date.now()}@example.com`,
          phone1: '07700 900123',
          postcode: 'm1 1ae',
          data1: 'Pitched',
          street1: '12 High Street',
          towncity: 'Manchester',
          county: 'Greater Manchester',
        },
        leadId: 4242,
        acceptKeyword: 'accepted',
      }),
    });
    expect(((await res.json()) as { status: string }).status).toBe('accepted');

    // The client finds it in Leads (at phone width), opens it and reports a wrong number.
    const page = await openPage({ width: 390, height: 844 });
    await logIn(page, client.email);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Leads' }).click();
    await page.waitForURL(`${web.url}/leads`);
    const table = page.getByRole('table', { name: 'Your leads, newest first' });
    const row = table.getByRole('row').nth(1);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Ann Smith.*07700 900123.*M1 1AE.*£25\.00.*Delivered/);
    // The phone is a UK number people can tap to call.
    expect(await row.getByRole('link', { name: '07700 900123' }).getAttribute('href')).toBe('tel:+447700900123');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'leads.png') });

    // The export is the API's CSV: one Postcode column, the phone as a UK number.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^leadflow-leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]!.split(',').filter((h) => h === 'Postcode')).toHaveLength(1);
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain('Ann,Smith');
    expect(csv[1]).toContain('07700 900123');

    // The filters narrow the list on the server.
    await page.getByLabel('Postcode starts with').fill('LS');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No leads match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await row.getByRole('link', { name: 'Ann Smith' }).click();
    await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Ann Smith' }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    // The industry's columns, then the address LeadByte sent, which the industry has no column for.
    expect(await details.locator('dt').allTextContents()).toEqual([
      'First name',
      'Last name',
      'Email',
      'Phone',
      'Postcode',
      'Roof type',
      'Address line 1',
      'Town or city',
      'County',
    ]);
    expect(await details.locator('dd').allTextContents()).toEqual([
      'Ann',
      'Smith',
      expect.stringMatching(/^ann\.\d+@example\.com$/),
      '07700 900123',
      'M1 1AE',
      'pitched',
      '12 High Street',
      'Manchester',
      'Greater Manchester',
    ]);
    expect(await details.getByRole('link', { name: '07700 900123' }).getAttribute('href')).toBe('tel:+447700900123');

    await page.getByRole('button', { name: 'Report this lead' }).click();
    const dialog = page.getByRole('dialog', { name: 'Report this lead' });
    await dialog.getByRole('radio', { name: 'Other' }).check();
    await dialog.getByRole('button', { name: 'Report lead' }).click();
    await dialog.getByText('Tell us what is wrong with this lead.').waitFor();
    await dialog.getByRole('radio', { name: 'Wrong number' }).check();
    await dialog.getByRole('button', { name: 'Report lead' }).click();
    await page.getByText('Thanks — the lead is reported.').waitFor();
    await page.getByText('Awaiting review').waitFor();
    expect(await page.getByRole('button', { name: 'Report this lead' }).count()).toBe(0);

    // The admin approves it from the queue, which names the client and the refund.
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const adminPage = await openPage({ width: 1100, height: 700 });
    await logIn(adminPage, admin.email, admin.password);
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Reports' }).click();
    await adminPage.waitForURL(`${web.url}/admin/reports`);
    const report = adminPage.getByRole('table', { name: 'Lead reports, oldest first' }).getByRole('row').filter({ hasText: businessName });
    await report.waitFor();
    expect(await report.textContent()).toMatch(/Wrong number.*£25\.00.*Pending/);
    await adminPage.screenshot({ path: join(SCREENSHOTS, 'admin-reports.png') });
    await report.getByRole('button', { name: 'Approve' }).click();
    const confirm = adminPage.getByRole('dialog', { name: 'Approve this report?' });
    await confirm.getByText(`This refunds £25.00 to ${businessName}'s balance`).waitFor();
    await confirm.getByLabel('Note to the client (optional)').fill('Number unobtainable');
    await confirm.getByRole('button', { name: 'Approve and refund £25.00' }).click();
    await adminPage.getByText(`Approved: £25.00 is refunded to ${businessName}.`).waitFor();
    await adminPage.getByText('No reports to review.').waitFor();

    // The lead's record for admins: where it went and each buyer's eligibility.
    await adminPage.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Leads' }).click();
    await adminPage
      .getByRole('table', { name: 'All leads, newest first' })
      .getByRole('row')
      .filter({ hasText: businessName })
      .getByRole('link')
      .click();
    const eligibility = adminPage.getByRole('table', { name: 'Eligibility per buyer' }).getByRole('row').filter({ hasText: businessName });
    expect(await eligibility.textContent()).toContain('Yes');

    // Back with the client: £50 credit − £25 lead + £25 refund.
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Billing' }).click();
    await page.waitForURL(`${web.url}/billing`);
    await eventually('the balance shows £50.00', async () => (await page.locator('#balance-amount').textContent()) === '£50.00', 15_000);
    expect(((await t.http().get('/api/billing').set(bearer(client.token)).expect(200)).body as { balance: number }).balance).toBe(5_000);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
