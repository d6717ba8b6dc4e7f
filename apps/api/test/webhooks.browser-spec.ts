import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, type IndustryBody } from './utils/actors';
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

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('integrations, webhook and activity screens against the real API and a local webhook receiver', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let industry: IndustryBody;

  beforeAll(async () => {
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
    const adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken);
    // Onboarding waits for every registration, Xero's contact included.
    await connectXero(t, adminToken);
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });

  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
    await receiver?.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  const openPage = (viewport: { width: number; height: number }) => openRecordedPage(browser, contexts, pageErrors, { viewport });

  const logIn = (page: Page, email: string, password = PASSWORD) => logInThroughForm(page, web.url, email, password);

  /** Nothing sticks out sideways: the page reads at this width without scrolling across. */
  async function expectNoSideways(page: Page) {
    const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [
      number,
      number,
    ];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  }

  it('adds an endpoint, shows its secret once, sends a test event that arrives signed and succeeds, and replays it under the same webhook-id', async () => {
    const client = await onboardBillable(t, industry.id);
    const page = await openPage({ width: 1100, height: 800 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url });
    await logIn(page, client.email);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Integrations' }).click();
    await page.waitForURL(`${web.url}/integrations`);
    await page.getByText('No endpoints yet.').waitFor();

    // The form asks for at least one event type; "All event types" picks every one, and unpicks them.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const form = page.getByRole('region', { name: 'Add an endpoint' });
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Our CRM');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Choose at least one event type.').waitFor();
    await form.getByLabel('All event types').check();
    expect(await form.getByRole('checkbox', { name: 'Lead reported' }).isChecked()).toBe(true);
    // Human names under the parts of the product, each with a line saying what it is; no internal group codes.
    expect(await form.locator('fieldset.event-group > legend').allTextContents()).toEqual([
      'Leads',
      'Credit and billing',
      'Sign-up',
      'Your account',
    ]);
    expect(await form.textContent()).not.toMatch(/Event expansion|CMS buyer|Send lead data/);
    await form.getByLabel('All event types').uncheck();
    expect(await form.getByRole('checkbox', { checked: true }).count()).toBe(0);
    await form.getByRole('checkbox', { name: 'Lead data to send on' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, once, with the copy button and the note to store it.
    const shown = page.getByRole('region', { name: 'Signing secret' });
    await shown.getByText('Store it now: it is shown only once.').waitFor();
    const secret = (await shown.locator('#endpoint-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await shown.getByRole('button', { name: 'Copy signing secret' }).click();
    await shown.getByText('signing secret copied to the clipboard').waitFor({ state: 'attached' });
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    const item = page.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').first();
    expect(await item.textContent()).toMatch(new RegExp(`${literally(receiver.url)}.*Our CRM.*Active.*Lead data to send on`));
    await page.screenshot({ path: join(SCREENSHOTS, 'integrations.png'), fullPage: true });
    await shown.getByRole('button', { name: "I've stored it" }).click();
    expect(await page.locator('#endpoint-secret').count()).toBe(0);

    // The endpoint's page: a test event goes out and the log follows it to "Succeeded" by itself.
    await item.getByRole('link', { name: `Delivery log of ${receiver.url}` }).click();
    await page.waitForURL(/\/integrations\/[0-9a-f-]{36}$/);
    const endpointId = page.url().split('/').pop() ?? '';
    await page.getByText('Nothing sent yet.').waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('A test event is on its way.').waitFor();
    const log = page.getByRole('table', { name: 'Deliveries, newest first' });
    const row = log.getByRole('row').nth(1);
    await eventually(
      'the delivery log shows the test event as succeeded',
      async () => /webhook\.test.*Succeeded.*1.*HTTP 200/.test((await row.textContent()) ?? ''),
      15_000,
    );

    // What arrived is signed with the secret the page showed.
    await receiver.waitFor((all) => all.length === 1);
    const first = receiver.received[0]!;
    expect(WebhookReceiver.verify(secret, first)).toMatchObject({ type: 'webhook.test', version: 1, data: { endpointId } });
    await page.screenshot({ path: join(SCREENSHOTS, 'delivery-log.png'), fullPage: true });

    // The delivery: its webhook-id, and the attempt with the signed headers and the receiver's answer.
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/integrations/${endpointId}/deliveries/[0-9a-f-]{36}$`));
    expect(await page.locator('#delivery-status').textContent()).toBe('Succeeded');
    expect(await page.locator('#delivery-event-id').textContent()).toBe(String(first.headers['webhook-id']));
    const attempts = page.getByRole('list', { name: 'Attempts, first to last' }).getByRole('listitem');
    expect(await attempts.count()).toBe(1);
    const attempt = (await attempts.first().textContent()) ?? '';
    expect(attempt).toMatch(/Attempt 1.*HTTP 200/);
    expect(attempt).toContain('webhook-signature');
    expect(attempt).toContain('{"ok":true}');
    await page.screenshot({ path: join(SCREENSHOTS, 'delivery.png'), fullPage: true });

    // Replayed from the page: the same body again, under the same webhook-id, still signed.
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replayed: the same event, with the same webhook-id').waitFor();
    await receiver.waitFor((all) => all.length === 2);
    const second = receiver.received[1]!;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.raw).toBe(first.raw);
    WebhookReceiver.verify(secret, second);
    await page.getByRole('link', { name: 'Follow the replay' }).click();
    await eventually(
      'the replay shows as succeeded',
      async () => (await page.locator('#delivery-status').textContent()) === 'Succeeded',
      15_000,
    );
    await page.getByRole('link', { name: 'the original delivery' }).waitFor();
    await page.getByRole('link', { name: '← Delivery log' }).click();
    await eventually('the log lists the replay above the test event', async () =>
      /webhook\.test · replay.*Succeeded/.test((await log.getByRole('row').nth(1).textContent()) ?? ''),
    );
    expect(await log.getByRole('row').count()).toBe(3);

    // The filters narrow the log on the server.
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No deliveries match these filters.').waitFor();
  }, 120_000);

  it('changes an endpoint, rotates its secret (both secrets sign meanwhile), switches it off and on, and deletes it', async () => {
    const client = await onboardBillable(t, industry.id);
    const created = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(client.token))
        .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body as { endpoint: { id: string }; secret: string };
    const page = await openPage({ width: 1100, height: 800 });
    await logIn(page, client.email);
    await page.goto(`${web.url}/integrations/${created.endpoint.id}`);
    const settings = page.getByRole('region', { name: 'Settings' });

    await settings.getByRole('button', { name: 'Change' }).click();
    const form = page.getByRole('region', { name: 'Change the endpoint' });
    await form.getByRole('checkbox', { name: 'Lead reported' }).check();
    await form.getByLabel('Description').fill('Reports to the CRM');
    await form.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('The endpoint is saved.').waitFor();
    expect(await settings.getByRole('list', { name: 'Event types' }).textContent()).toBe('Lead data to send onLead reported');

    // Rotation: the new secret once, and until the overlap ends each request verifies under either secret.
    await settings.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const shown = page.getByRole('region', { name: 'New signing secret' });
    await shown.getByText('every request carries two signatures').waitFor();
    const secret = (await shown.locator('#endpoint-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(created.secret);
    await settings.getByText('requests carry signatures under both the old and the new secret').waitFor();
    await settings.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor((all) => all.length === 1);
    const hook = receiver.received[0]!;
    expect(String(hook.headers['webhook-signature']).split(' ')).toHaveLength(2);
    WebhookReceiver.verify(secret, hook);
    WebhookReceiver.verify(created.secret, hook);
    await shown.getByRole('button', { name: "I've stored it" }).click();

    // Switched off: no test events, no replays, and it says why.
    await settings.getByRole('button', { name: 'Switch off' }).click();
    await page.getByRole('dialog', { name: 'Switch this endpoint off?' }).getByRole('button', { name: 'Switch off' }).click();
    await settings.getByText('Switched off by its owner').waitFor();
    expect(await settings.getByRole('button', { name: 'Send test event' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Replay failed since…' }).isDisabled()).toBe(true);
    await settings.getByRole('button', { name: 'Switch on' }).click();
    await page.getByText('The endpoint is on').waitFor();
    await page.getByRole('button', { name: 'Replay failed since…' }).click();
    const replay = page.getByRole('dialog', { name: 'Replay failed deliveries' });
    await replay.getByRole('button', { name: 'Replay failed deliveries' }).click();
    await page.getByText('No deliveries failed since then: nothing to replay.').waitFor();

    await settings.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
    await page.waitForURL(`${web.url}/integrations`);
    await page.getByText(`The endpoint ${receiver.url} is deleted.`).waitFor();
    await page.getByText('No endpoints yet.').waitFor();
    expect((await t.http().get('/api/webhook-endpoints').set(bearer(client.token)).expect(200)).body.meta.total).toBe(0);
  }, 120_000);

  it('at 390 px: saves email notifications, and shows them and the new endpoint in the activity log', async () => {
    const client = await onboardBillable(t, industry.id);
    await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(client.token))
      .send({ url: receiver.url, description: 'Zapier', eventTypes: ['lead.send_data'] })
      .expect(201);
    const page = await openPage({ width: 390, height: 844 });
    await logIn(page, client.email);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Integrations' }).click();
    await page.waitForURL(`${web.url}/integrations`);
    await page.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').filter({ hasText: 'Zapier' }).waitFor();

    const prefs = page.getByRole('region', { name: 'Email notifications' });
    const payments = prefs.getByRole('checkbox', { name: 'Payments' });
    await payments.waitFor();
    expect(await payments.isChecked()).toBe(true);
    expect(await prefs.getByRole('checkbox', { name: 'New leads' }).isChecked()).toBe(false);
    await payments.uncheck();
    await prefs.getByRole('checkbox', { name: 'New leads' }).check();
    await prefs.getByRole('button', { name: 'Save email notifications' }).click();
    await prefs.getByText('Your email notifications are saved.').waitFor();
    expect((await t.http().get('/api/notification-preferences').set(bearer(client.token)).expect(200)).body).toEqual({
      newLead: true,
      lowBalance: true,
      payments: false,
      invoices: true,
      webhookFailures: true,
      reports: true,
    });
    await expectNoSideways(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'integrations-phone.png'), fullPage: true });

    // The endpoint's page and its (empty) log fit the phone too.
    await page.getByRole('link', { name: `Delivery log of ${receiver.url}` }).click();
    await page.getByText('Nothing sent yet.').waitFor();
    await expectNoSideways(page);

    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Activity' }).click();
    await page.waitForURL(`${web.url}/activity`);
    const rows = page.getByRole('table', { name: 'Changes to your account, newest first' }).getByRole('row');
    await rows.nth(1).waitFor();
    expect(await rows.nth(1).textContent()).toMatch(
      /Ada Lovelace.*Changed the email notifications.*new lead emails\s*no → yes.*payment emails\s*yes → no/,
    );
    expect(await rows.nth(2).textContent()).toMatch(
      new RegExp(`Added a webhook endpoint.*URL\\s*${literally(receiver.url)}.*event types\\s*lead\\.send_data`),
    );
    await expectNoSideways(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'activity.png'), fullPage: true });
  }, 120_000);

  it('shows an admin a client endpoint switched off by a 410 among the failing endpoints, with its failed delivery', async () => {
    const client = await onboardBillable(t, industry.id);
    const businessName = (
      (await t.http().get('/api/account').set(bearer(client.token)).expect(200)).body as { businessDetails: { businessName: string } }
    ).businessDetails.businessName;
    const created = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(client.token))
        .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body as { endpoint: { id: string } };
    const endpointId = created.endpoint.id;
    receiver.answerNext({ status: 410 });
    await t.http().post(`/api/webhook-endpoints/${endpointId}/test`).set(bearer(client.token)).expect(202);
    await eventually(
      'the 410 switches the endpoint off',
      async () =>
        ((await t.http().get(`/api/webhook-endpoints/${endpointId}`).set(bearer(client.token)).expect(200)).body as { active: boolean })
          .active === false,
      15_000,
    );

    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const page = await openPage({ width: 1100, height: 800 });
    await logIn(page, admin.email, admin.password);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(`${web.url}/admin/webhooks`);
    const failing = page
      .getByRole('table', { name: 'Failing endpoints, most failures first' })
      .getByRole('row')
      .filter({ hasText: businessName });
    await failing.waitFor();
    expect(await failing.textContent()).toMatch(
      new RegExp(`${literally(businessName)}.*${literally(receiver.url)}.*1.*Switched off.*410 Gone`),
    );
    await page.getByText('No platform endpoints yet.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-webhooks.png'), fullPage: true });

    // Its page opens on the failed deliveries; an admin may switch a client's endpoint but not delete it or rotate its secret.
    await failing.getByRole('link', { name: `Failed deliveries to ${receiver.url}` }).click();
    await page.waitForURL((url) => url.pathname === `/admin/webhooks/${endpointId}` && url.searchParams.get('status') === 'failed');
    const row = page.getByRole('table', { name: 'Deliveries, newest first' }).getByRole('row').nth(1);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/webhook\.test.*Failed.*1.*HTTP 410/);
    await page.getByRole('link', { name: "A client's endpoint" }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Rotate secret' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Switch on' }).click();
    await page.getByText('The endpoint is on').waitFor();
    expect(
      ((await t.http().get(`/api/webhook-endpoints/${endpointId}`).set(bearer(client.token)).expect(200)).body as { active: boolean })
        .active,
    ).toBe(true);

    // The change is in the client's activity log, under the admin's name.
    await page.getByRole('link', { name: "A client's endpoint" }).click();
    const activity = page
      .getByRole('table', { name: `Changes to ${businessName}'s account, newest first` })
      .getByRole('row')
      .nth(1);
    await activity.waitFor();
    expect(await activity.textContent()).toMatch(/Alex Admin \(admin\).*Changed a webhook endpoint.*active\s*no → yes/);
  }, 120_000);
});
