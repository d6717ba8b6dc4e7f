import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero } from './utils/actors';
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
import { WebhookReceiver } from './utils/webhook-receiver';

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** "Tue 26 Nov, 11:00", with the year when it is not this year's. */
const WHEN = String.raw`\w{3} \d{1,2} \w{3}(?: \d{4})?, \d{2}:\d{2}`;

/**
 * The whole product in one story, as two people in two browsers: an admin sets up what is sold,
 * a client signs up, pays, says what it wants and where to be told, leads arrive from LeadByte and
 * from a supplier, the client reports one, the admin refunds it, and each sees it on their screens.
 */
describe('the full journey: admin set-up, client sign-up, leads in, a report refunded', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Stripe's return URLs are built from APP_URL, so the SPA's port comes first.
    const webPort = await freePort();
    t = await TestApp.create({
      env: {
        APP_URL: `http://127.0.0.1:${webPort}`,
        AUTH_RATE_LIMIT_PER_IP: '200',
        WEBHOOK_RELAY_INTERVAL_MS: '25',
        WEBHOOK_RETRY_BASE_MS: '20',
      },
    });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    receiver = await WebhookReceiver.start();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await web?.stop();
    await receiver?.close();
    await t?.close();
  });

  const openPage = (viewport: { width: number; height: number }) =>
    openRecordedPage(browser, contexts, pageErrors, { viewport, origin: web.url });

  const logIn = (page: Page, email: string, password: string) => logInThroughForm(page, web.url, email, password);

  /** Nothing sticks out sideways: the page reads at this width without scrolling across (charts take a frame to fit). */
  async function expectNoSideways(page: Page) {
    await eventually(
      'nothing sticks out sideways',
      async () => {
        const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [
          number,
          number,
        ];
        return scrollWidth <= innerWidth;
      },
      5_000,
    );
  }

  async function shoot(page: Page, name: string, fullPage = true) {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage });
  }

  /** A phone-sized shot of the screen as it is, framed like the other screens' phone shots (the first screenful). */
  async function shootPhone(page: Page, name: string) {
    const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSideways(page);
    await shoot(page, name, false);
    await page.setViewportSize(desktop);
  }

  it('takes an admin and a client from set-up through sign-up, leads from LeadByte and a supplier, a report and its refund, to what each of them sees', async () => {
    const suffix = Date.now().toString(36);
    const industryName = `Solar panels ${suffix}`;
    const campaignName = `Solar North ${suffix}`;
    const supplierName = `Sunny Leads ${suffix}`;
    const businessName = `Bright Roofs ${suffix} Ltd`;

    // ---- The admin: Xero (through the API, as the consent page is Xero's), then an industry and a campaign in the UI.
    const adminUser = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...adminUser, role: 'admin' });
    const adminToken = (await t.http().post('/api/auth/login').send({ email: adminUser.email, password: adminUser.password }).expect(200))
      .body.accessToken as string;
    await connectXero(t, adminToken);

    const admin = await openPage({ width: 1280, height: 800 });
    const adminNav = admin.getByRole('navigation', { name: 'Admin' });
    await logIn(admin, adminUser.email, adminUser.password);
    await adminNav.getByRole('link', { name: 'Industries' }).click();
    await admin.waitForURL(`${web.url}/admin/industries`);
    await admin.getByRole('button', { name: 'New industry' }).click();
    await admin.getByLabel('Name', { exact: true }).fill(industryName);
    await admin.getByLabel('Lead cost (GBP)').fill('10.00');
    const columns: Array<[label: string, key: string, type: string]> = [
      ['First name', 'firstname', 'text'],
      ['Last name', 'lastname', 'text'],
      ['Email', 'email', 'email'],
      ['Phone', 'phone1', 'phone'],
      ['Postcode', 'postcode', 'postcode'],
    ];
    for (const [i, [label, key, type]] of columns.entries()) {
      await admin.getByRole('button', { name: 'Add column' }).click();
      const column = admin.getByRole('group', { name: `Column ${i + 1}` });
      await column.getByLabel('Label', { exact: true }).fill(label);
      await column.getByLabel('Key', { exact: true }).fill(key);
      await column.getByLabel('Type', { exact: true }).selectOption(type);
      await column.getByLabel('Required', { exact: true }).check();
    }
    await admin.getByRole('button', { name: 'Create industry' }).click();
    await admin.getByText(`${industryName} is created.`).waitFor();
    expect(await admin.getByRole('row').filter({ hasText: industryName }).textContent()).toContain('£10.00');

    await adminNav.getByRole('link', { name: 'Campaigns' }).click();
    await admin.waitForURL(`${web.url}/admin/campaigns`);
    await admin.getByRole('button', { name: 'New campaign' }).click();
    await admin.getByLabel('Name', { exact: true }).fill(campaignName);
    await admin.getByLabel('Industry').selectOption({ label: industryName });
    await admin.getByLabel('Strategy').selectOption('round_robin');
    await admin.getByRole('button', { name: 'Create campaign' }).click();
    await admin.getByText(`${campaignName} is created. Add its buyers below.`).waitFor();

    // ---- The client: signs up in the SPA (billable), business details, areas and caps, then a card on Stripe's page.
    const clientUser = newUser({ firstName: 'Bea', lastName: 'Bright' });
    const client = await openPage({ width: 1280, height: 800 });
    const clientNav = client.getByRole('navigation', { name: 'Account' });
    await client.goto(`${web.url}/register`);
    await client.getByLabel('First name').fill(clientUser.firstName);
    await client.getByLabel('Last name').fill(clientUser.lastName);
    await client.getByLabel('Email').fill(clientUser.email);
    await client.getByLabel('Phone').fill(clientUser.phone);
    await client.getByLabel('Password').fill(clientUser.password);
    await client.getByRole('button', { name: 'Create account' }).click();
    await client.waitForURL(`${web.url}/onboarding`);

    await client.getByRole('heading', { name: 'Business details' }).waitFor();
    await client.getByLabel('Business name').fill(businessName);
    await client.getByLabel('Industry').selectOption({ label: `${industryName} — £10.00 per lead` });
    await client.getByLabel('Address line 1').fill('1 High Street');
    await client.getByLabel('Town or city').fill('Manchester');
    await client.getByLabel('Postcode').fill('m1 1aa');
    await client.getByLabel('Business phone').fill('+44 161 496 0000');
    await client.getByRole('button', { name: 'Next' }).click();

    await client.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    const areas = client.getByRole('textbox', { name: 'Postcode areas' });
    await areas.fill('M1 M2');
    await areas.press('Enter');
    for (const area of ['M1', 'M2']) await client.getByRole('button', { name: `Remove ${area}` }).waitFor();
    await client.getByLabel('Daily cap').fill('10');
    await client.getByLabel('Weekly cap (optional)').fill('40');
    // Every day, any hour: the leads below arrive whenever the test runs.
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) await client.getByLabel(day).check();
    await client.getByLabel('From').selectOption('00:00');
    await client.getByLabel('Until').selectOption('24:00');
    // A spending limit is pounds: anything else is named before anything is sent.
    const weeklySpend = client.getByLabel('Weekly spending limit, £ (optional)');
    await weeklySpend.fill('lots');
    await client.getByRole('button', { name: 'Next' }).click();
    await client.getByText('Enter an amount in pounds, such as 300 or 250.50, or leave it empty').waitFor();
    expect(await weeklySpend.getAttribute('aria-invalid')).toBe('true');
    await weeklySpend.fill('500');
    await client.getByRole('button', { name: 'Next' }).click();

    await client.getByRole('heading', { name: 'Card' }).waitFor();
    for (const line of ['Stripe: ready', 'LeadByte: ready', 'Xero: ready']) await client.getByText(line).waitFor({ timeout: 20_000 });
    await client.getByRole('button', { name: 'Add card with Stripe' }).click();
    await client.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/checkout/`));
    await client.locator('#number').fill('4242 4242 4242 4242');
    await client.locator('#exp').fill('12 / 34');
    await client.locator('#cvc').fill('123');
    await client.locator('#name').fill(`${clientUser.firstName} ${clientUser.lastName}`);
    await client.locator('#submit').click();
    await client.waitForURL(`${web.url}/`);
    await client.getByText('Your card is saved and your account is set up.').waitFor();
    await client.getByRole('heading', { name: businessName, level: 1 }).waitFor();

    // A new account's dashboard: no leads yet, how they arrive, and the address LeadByte posts to.
    await client.getByRole('heading', { name: 'No leads yet' }).waitFor();
    const inboundUrl = (await client.locator('#inbound-url').textContent()) ?? '';
    expect(inboundUrl).toMatch(/\/api\/leads\/inbound\/[\w-]+$/);
    // No credit yet: the runway says what is true now, not a forecast.
    expect(await client.locator('#runway-text').textContent()).toBe(
      "Leads are being refused now: your balance can't pay for the next lead. Top up to start receiving leads again.",
    );

    // ---- Billing: £50 of credit through the top-up dialog, and auto-charge on.
    await clientNav.getByRole('link', { name: 'Billing' }).click();
    await client.waitForURL(`${web.url}/billing`);
    await client.getByRole('button', { name: 'Top up' }).click();
    const topUp = client.getByRole('dialog', { name: 'Top up your credit' });
    await topUp.getByLabel('Credit to buy (£)').fill('50');
    await topUp.getByRole('button', { name: 'Pay £60.00' }).click();
    await eventually('the balance shows £50.00', async () => (await client.locator('#balance-amount').textContent()) === '£50.00', 20_000);
    await client.getByText('Payment received.').waitFor();
    const autoCharge = client.getByRole('region', { name: 'Auto-charge', exact: true });
    await autoCharge.getByLabel('Top up automatically').check();
    await autoCharge.getByLabel('When the balance falls below (£)').fill('10');
    await autoCharge.getByLabel('Buy this much credit (£)').fill('50');
    await autoCharge.getByRole('button', { name: 'Save auto-charge' }).click();
    await autoCharge
      .getByText('Auto-charge is on: when your balance falls below £10.00 we buy £50.00 of credit on your default card.')
      .waitFor();

    // ---- Integrations: a webhook endpoint for delivered and reported leads, pointing at our receiver.
    await clientNav.getByRole('link', { name: 'Integrations' }).click();
    await client.waitForURL(`${web.url}/integrations`);
    await client.getByRole('button', { name: 'Add endpoint' }).click();
    const form = client.getByRole('region', { name: 'Add an endpoint' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Our CRM');
    await form.getByRole('checkbox', { name: 'Lead data to send on' }).check();
    await form.getByRole('checkbox', { name: 'Lead reported' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await client.getByRole('region', { name: 'Signing secret' }).locator('#endpoint-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await client.getByRole('button', { name: "I've stored it" }).click();

    // ---- The admin: the new client joins the campaign, and a supplier gets a key for it.
    await adminNav.getByRole('link', { name: 'Campaigns' }).click();
    await admin.reload();
    const campaign = admin.getByRole('region', { name: campaignName });
    await campaign.getByLabel('Add a buyer', { exact: true }).selectOption({ label: businessName });
    await campaign.getByRole('button', { name: 'Add buyer' }).click();
    await campaign
      .getByRole('table', { name: `Buyers of ${campaignName}` })
      .getByRole('link', { name: businessName })
      .waitFor();
    // For suppliers: the campaign's id and a sample request with the fields its industry needs.
    await campaign.getByText('For suppliers: campaign id and a sample request').click();
    const sample = (await campaign.getByLabel(`Sample request for ${campaignName}`).textContent()) ?? '';
    expect(sample).toContain(`${web.url}/api/leads/ingest`);
    const sampleBody = JSON.parse(sample.slice(sample.indexOf('{'), sample.lastIndexOf('}') + 1)) as { campaignId: string; fields: object };
    expect(Object.keys(sampleBody.fields)).toEqual(expect.arrayContaining(['firstname', 'phone1', 'postcode']));

    await adminNav.getByRole('link', { name: 'Suppliers' }).click();
    await admin.waitForURL(`${web.url}/admin/suppliers`);
    await admin.getByRole('button', { name: 'New supplier' }).click();
    await admin.getByLabel('Name', { exact: true }).fill(supplierName);
    await admin.getByRole('checkbox', { name: campaignName }).check();
    await admin.getByRole('button', { name: 'Create supplier' }).click();
    await admin.getByText(`${supplierName} is created.`).waitFor();
    const apiKey = (await admin.locator('#supplier-key').textContent()) ?? '';
    expect(apiKey.length).toBeGreaterThan(20);
    await admin.getByRole('button', { name: "I've saved it" }).click();

    // ---- Leads arrive: two posted by LeadByte (the sandbox) to the client's inbound URL, one from the supplier.
    for (const [n, lead] of [
      { firstname: 'Ann', lastname: 'Smith', phone1: '07700 900123', postcode: 'm1 1ae' },
      { firstname: 'Bob', lastname: 'Jones', phone1: '07700 900456', postcode: 'M2 3BB' },
    ].entries()) {
      const res = await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          url: `${t.url}${new URL(inboundUrl).pathname}`,
          lead: { ...lead, email: `${lead.firstname.toLowerCase()}.${randomUUID()}@example.com` },
          leadId: 5000 + n,
          acceptKeyword: 'accepted',
        }),
      });
      expect(((await res.json()) as { status: string }).status).toBe('accepted');
    }
    const campaignId = (
      (await t.http().get('/api/admin/campaigns').set(bearer(adminToken)).expect(200)).body as Array<{ id: string; name: string }>
    ).find((c) => c.name === campaignName)?.id;
    expect(sampleBody.campaignId).toBe(campaignId);
    const ingested = await t
      .http()
      .post('/api/leads/ingest')
      .set('X-API-Key', apiKey)
      .send({
        campaignId,
        externalId: `SUP-${suffix}`,
        fields: {
          firstname: 'Cara',
          lastname: 'Lee',
          email: `cara.${randomUUID()}@example.com`,
          phone1: '07700 900789',
          postcode: 'M1 4CC',
        },
      })
      .expect(200);
    expect(ingested.body).toMatchObject({ status: 'delivered', deliveries: [{ price: 1_000 }] });

    // ---- The client's dashboard: three leads today against the caps, the latest leads, the charts and the runway.
    await clientNav.getByRole('link', { name: 'Dashboard' }).click();
    await client.waitForURL(`${web.url}/`);
    await client.reload();
    await client.getByRole('heading', { name: 'Recent leads' }).waitFor();
    expect(await client.locator('#dashboard-balance').textContent()).toBe('£20.00');
    expect(await client.locator('#leads-today').textContent()).toBe('3 of 10');
    expect(await client.locator('#leads-week').textContent()).toBe('3 of 40');
    expect(await client.locator('#spend-week').textContent()).toBe('£30.00 of £500.00');
    expect(await client.locator('#spend-month').textContent()).toBe('£30.00');
    expect(await client.getByRole('progressbar', { name: 'Today' }).getAttribute('aria-valuetext')).toBe('3 of your daily cap of 10');
    const recent = client.getByRole('table', { name: 'Recent leads, newest first' }).getByRole('row');
    expect(await recent.count()).toBe(4);
    expect(await recent.nth(1).textContent()).toMatch(/M1 4CC.*£10\.00.*Delivered/);
    const runway = (await client.locator('#runway-text').textContent()) ?? '';
    expect(runway).toMatch(
      new RegExp(`^At this rate your credit lasts until ${WHEN}; auto-charge will top up £50\\.00 around ${WHEN}\\.$`),
    );
    await client.getByText('Based on £30.00 of leads in the last 14 days, about £2.14 a day.').waitFor();
    await client.getByText('How is this worked out?').click();
    await client.getByText('each hour of the coming weeks is expected to cost', { exact: false }).waitFor();
    await client.getByText('How is this worked out?').click();
    await client.getByText('Leads: 3 in the last 30 days', { exact: false }).waitFor();
    await client.getByText('Spend: £30.00 in the last 30 days', { exact: false }).waitFor();
    await client.locator('.chart-frame .recharts-wrapper').first().waitFor();
    expect(await client.locator('.chart-frame .recharts-wrapper').count()).toBe(2);
    await client.locator('#inbound-url').waitFor();
    await shoot(client, 'dashboard-charts.png');

    // The same dashboard on a phone: one column, nothing sideways.
    await shootPhone(client, 'dashboard-phone.png');

    // ---- Leads: all three in the table; the client opens LeadByte's Ann Smith from the dashboard and reports her.
    await clientNav.getByRole('link', { name: 'Leads' }).click();
    await client.waitForURL(`${web.url}/leads`);
    const leadRows = client.getByRole('table', { name: 'Your leads, newest first' }).getByRole('row');
    await leadRows.nth(3).waitFor();
    expect(await leadRows.count()).toBe(4);
    expect(await leadRows.nth(1).textContent()).toMatch(/Cara Lee.*M1 4CC.*£10\.00.*Delivered/);
    expect(await leadRows.nth(3).textContent()).toMatch(/Ann Smith.*M1 1AE.*£10\.00.*Delivered/);
    await shootPhone(client, 'leads.png');

    await clientNav.getByRole('link', { name: 'Dashboard' }).click();
    await client.getByRole('table', { name: 'Recent leads, newest first' }).getByRole('row').nth(3).getByRole('link').click();
    await client.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
    await client.getByRole('heading', { name: 'Ann Smith' }).waitFor();
    await client.getByRole('button', { name: 'Report this lead' }).click();
    const report = client.getByRole('dialog', { name: 'Report this lead' });
    await report.getByRole('radio', { name: 'Wrong number' }).check();
    await report.getByRole('button', { name: 'Report lead' }).click();
    await client.getByText('Thanks — the lead is reported.').waitFor();
    await client.getByText('Awaiting review').waitFor();

    // ---- The admin approves it from the report queue.
    await adminNav.getByRole('link', { name: 'Reports' }).click();
    await admin.waitForURL(`${web.url}/admin/reports`);
    const pending = admin.getByRole('table', { name: 'Lead reports, oldest first' }).getByRole('row').filter({ hasText: businessName });
    await pending.waitFor();
    expect(await pending.textContent()).toMatch(/Wrong number.*£10\.00.*Pending/);
    await pending.getByRole('button', { name: 'Approve' }).click();
    const approve = admin.getByRole('dialog', { name: 'Approve this report?' });
    await approve.getByRole('button', { name: 'Approve and refund £10.00' }).click();
    await admin.getByText(`Approved: £10.00 is refunded to ${businessName}.`).waitFor();

    // ---- The admin's overview: today's leads, revenue net of the refund, the buyer, the supplier, the report rate, the queues.
    await admin.goto(`${web.url}/admin`);
    await admin.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await admin.locator('#overview-leads-in').textContent()).toBe('3');
    expect(await admin.locator('#overview-revenue-today').textContent()).toBe('£20.00');
    expect(await admin.locator('#overview-revenue-30d').textContent()).toBe('£20.00');
    expect(
      await admin
        .getByRole('table', { name: 'Top buyers by revenue, last 30 days' })
        .getByRole('row')
        .filter({ hasText: businessName })
        .textContent(),
    ).toMatch(new RegExp(`${literally(businessName)}.*2.*£20\\.00`));
    expect(
      await admin
        .getByRole('table', { name: 'Supplier volumes, most leads first' })
        .getByRole('row')
        .filter({ hasText: supplierName })
        .textContent(),
    ).toMatch(/1.*£10\.00/);
    expect(
      await admin
        .getByRole('table', { name: 'Report rate by client, highest first' })
        .getByRole('row')
        .filter({ hasText: businessName })
        .textContent(),
    ).toMatch(/33\.3%.*1.*3/);
    const queues = admin.getByRole('table', { name: 'Queue health' }).getByRole('row');
    expect(await queues.count()).toBeGreaterThan(1);
    expect(await admin.getByRole('link', { name: 'Open job queues' }).getAttribute('href')).toBe('/admin/queues');
    await admin.getByText('No failed registrations.').waitFor();
    await admin.locator('.chart-frame .recharts-wrapper').first().waitFor();
    await shoot(admin, 'admin-overview.png');
    await shootPhone(admin, 'admin-overview-phone.png');

    // ---- The client sees the refund: the lead, the ledger, the dashboard and its runway.
    await client.reload();
    await client.getByText('Refunded', { exact: true }).first().waitFor();
    await clientNav.getByRole('link', { name: 'Billing' }).click();
    await eventually('the balance shows £30.00', async () => (await client.locator('#balance-amount').textContent()) === '£30.00', 15_000);
    const ledger = client.getByRole('table', { name: 'Ledger entries, newest first' }).getByRole('row');
    await ledger.nth(1).waitFor();
    expect(await ledger.nth(1).textContent()).toMatch(/Refund.*\+£10\.00.*£30\.00/);
    await shootPhone(client, 'billing.png');

    await clientNav.getByRole('link', { name: 'Dashboard' }).click();
    await client.getByRole('heading', { name: 'Recent leads' }).waitFor();
    expect(await client.locator('#dashboard-balance').textContent()).toBe('£30.00');
    expect(await client.locator('#leads-today').textContent()).toBe('2 of 10');
    expect(
      await client.getByRole('table', { name: 'Recent leads, newest first' }).getByRole('row').filter({ hasText: 'M1 1AE' }).textContent(),
    ).toContain('Refunded');
    expect(await client.locator('#runway-text').textContent()).toMatch(
      new RegExp(`^At this rate your credit lasts until ${WHEN}; auto-charge will top up £50\\.00 around ${WHEN}\\.$`),
    );
    await client.getByText('Based on £20.00 of leads in the last 14 days, about £1.43 a day.').waitFor();

    // ---- The webhooks: each delivered lead and the report reached the receiver, signed, and the delivery log shows them.
    await receiver.waitFor(
      (all) => all.filter((w) => w.body.type === 'lead.send_data').length === 3 && all.some((w) => w.body.type === 'lead.reported'),
    );
    for (const hook of receiver.received) WebhookReceiver.verify(secret, hook);
    await clientNav.getByRole('link', { name: 'Integrations' }).click();
    await client.getByRole('link', { name: `Delivery log of ${receiver.url}` }).click();
    await client.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
    const log = client.getByRole('table', { name: 'Deliveries, newest first' }).getByRole('row');
    await eventually(
      'the log shows four succeeded deliveries',
      async () => (await log.filter({ hasText: 'Succeeded' }).count()) === 4,
      15_000,
    );
    expect(await log.nth(1).textContent()).toMatch(/lead\.reported.*Succeeded/);
    expect(await log.filter({ hasText: 'lead.send_data' }).count()).toBe(3);
    await shoot(client, 'delivery-log.png');

    expect(pageErrors).toEqual([]);
  }, 240_000);
});
