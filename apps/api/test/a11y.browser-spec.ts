import { source as axeSource } from 'axe-core';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import {
  bearer,
  businessDetails,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  onboardBillable,
  registerClient,
  waitForIntegrations,
  type IndustryBody,
} from './utils/actors';
import { eventually, freePort, launchChromium, logInThroughForm, openRecordedPage, startVite, type ViteServer } from './utils/browser';
import { verifiedNumber } from './utils/sms';
import { TestApp, newUser } from './utils/test-app';

/** onboardBillable and registerClient sign people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';

/** Every screen is checked at both widths: the phone layout hides and stacks things differently. */
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: '390 px', width: 390, height: 844 },
];

/** What fails the test; moderate and minor findings are left to review. */
const BLOCKING = new Set(['serious', 'critical']);

interface Finding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; html: string; summary: string }>;
}

/** axe.run in the page, reduced to what a failure message needs (the full result is large). */
const RUN_AXE = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact ?? 'unknown', help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary ?? '' })),
})))`;

/**
 * Marks every control a keyboard user must be able to reach: visible, enabled, not taken out of the
 * tab order, and inside the open modal dialog if there is one. A radio group is one stop (arrow keys
 * move inside it), so its radios share a key.
 */
const MARK_CONTROLS = `(() => {
  const scope = document.querySelector('dialog:modal') ?? document;
  const controls = [...scope.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')].filter((el) =>
    el.tabIndex >= 0 && !el.matches(':disabled') && el.type !== 'hidden' && !el.closest('[inert]') && el.checkVisibility({ visibilityProperty: true }));
  return controls.map((el, i) => {
    const key = el.type === 'radio' && el.name ? 'radio:' + el.name : String(i);
    el.setAttribute('data-tab-key', key);
    const name = (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.getAttribute('placeholder') || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return { key, name: el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? '[' + el.type + ']' : '') + ' "' + name + '"' };
  });
})()`;

/** Where focus is now, and whether it can be seen there: an outline (or a ring drawn as a shadow) on a box of real size. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  return { key: el.getAttribute('data-tab-key'), visible: ring && box.width >= 4 && box.height >= 4, html: el.outerHTML.slice(0, 160) };
})()`;

describe('accessibility of the main screens (axe-core, at desktop width and 390 px)', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** Readable findings of the current test, reported together at its end. */
  let problems: string[] = [];
  let adminToken: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    const webPort = await freePort();
    t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200' } });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken, {
      leadColumns: [
        { key: 'firstname', label: 'First name', type: 'text', required: true },
        { key: 'lastname', label: 'Last name', type: 'text', required: true },
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'phone1', label: 'Phone', type: 'phone', required: true },
        { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
      ],
    });
    // Onboarding waits for every registration, Xero's contact included.
    await connectXero(t, adminToken);
  });

  beforeEach(() => {
    problems = [];
  });

  afterEach(async () => {
    while (contexts.length) await contexts.pop()?.close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  const openPage = () => openRecordedPage(browser, contexts, pageErrors, { viewport: VIEWPORTS[0] });

  const logIn = (page: Page, email: string, password = PASSWORD) => logInThroughForm(page, web.url, email, password);

  /** Runs axe on the screen as it is now, at each width, and notes every serious or critical violation. */
  async function audit(page: Page, screen: string) {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: axeSource });
      const findings = (await page.evaluate(RUN_AXE)) as Finding[];
      for (const f of findings.filter((finding) => BLOCKING.has(finding.impact))) {
        const nodes = f.nodes.map((n) => `    at ${n.target}\n      ${n.html}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n');
        problems.push(
          `${screen} (${viewport.name}, ${new URL(page.url()).pathname}): [${f.impact}] ${f.id}: ${f.help}\n    ${f.helpUrl}\n${nodes}`,
        );
      }
    }
    await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
  }

  /**
   * Tabs once round the whole screen (desktop width): every control must be reached, and show a
   * focus ring when it is. Date inputs take a Tab per part (day, month, year), hence the repeats.
   */
  async function tabRound(page: Page, screen: string) {
    const controls = (await page.evaluate(MARK_CONTROLS)) as Array<{ key: string; name: string }>;
    const reached: string[] = [];
    for (let press = 0; press < controls.length * 4 + 10; press += 1) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(FOCUSED)) as { key: string | null; visible: boolean; html: string } | null;
      if (!focused || (focused.key && focused.key === reached.at(-1))) continue;
      if (focused.key && focused.key === reached[0]) break;
      if (focused.key) reached.push(focused.key);
      if (!focused.visible) problems.push(`${screen}: focus is not visible on ${focused.html}`);
    }
    for (const control of controls.filter((c) => !reached.includes(c.key))) problems.push(`${screen}: Tab never reaches ${control.name}`);
  }

  const hasFocus = async (target: Locator) => (await target.and(target.page().locator(':focus')).count()) > 0;

  /** Presses Tab until `target` has focus, as a keyboard user would get there. */
  async function tabTo(page: Page, target: Locator, what: string) {
    for (let press = 0; press < 80; press += 1) {
      await page.keyboard.press('Tab');
      if (await hasFocus(target)) return;
    }
    throw new Error(`Tab never reaches ${what}`);
  }

  function expectNoProblems() {
    if (problems.length > 0)
      throw new Error(
        `${problems.length} accessibility problem(s) (axe findings of serious or critical impact, keyboard and focus checks):\n\n${problems.join('\n\n')}`,
      );
  }

  /** Credit through the API, waited for until Stripe confirms it. */
  async function topUp(token: string, amount: number) {
    const payment = (
      await t.http().post('/api/billing/top-ups').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ amount }).expect(201)
    ).body as { id: string };
    await eventually(
      'the top-up succeeds',
      async () => {
        const { status } = (await t.http().get(`/api/billing/payments/${payment.id}`).set(bearer(token)).expect(200)).body as {
          status: string;
        };
        if (status === 'failed' || status === 'canceled') throw new Error(`the top-up ${status}`);
        return status === 'succeeded';
      },
      20_000,
    );
  }

  /** LeadByte (the sandbox) posts one lead to the client's inbound URL, as it does in production. */
  async function deliverLead(token: string) {
    const account = (await t.http().get('/api/account').set(bearer(token)).expect(200)).body as { inboundLeadUrl: string };
    const res = await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        url: `${t.url}${new URL(account.inboundLeadUrl).pathname}`,
        lead: { firstname: 'Ann', lastname: 'Smith', email: `ann.${randomUUID()}@example.com`, phone1: '07700 900123', postcode: 'm1 1ae' },
        leadId: Math.floor(Math.random() * 1_000_000),
        acceptKeyword: 'accepted',
      }),
    });
    expect(((await res.json()) as { status: string }).status).toBe('accepted');
  }

  it('registration, log in and password reset: no serious violations, every control reached by Tab with a visible focus', async () => {
    const page = await openPage();
    await page.goto(`${web.url}/register`);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await audit(page, 'Registration');
    await tabRound(page, 'Registration');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await audit(page, 'Registration with errors');

    await page.goto(`${web.url}/login`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await audit(page, 'Log in');
    await tabRound(page, 'Log in');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'Log in refused');

    await page.goto(`${web.url}/forgot-password`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await audit(page, 'Forgot password');

    await page.goto(`${web.url}/pricing`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('Free', { exact: false }).first().waitFor();
    await audit(page, 'Pricing');
    await tabRound(page, 'Pricing');
    expectNoProblems();
  });

  it('onboarding wizard (business details, lead preferences, card): no serious violations, every control reached by Tab with a visible focus', async () => {
    const client = await registerClient(t);
    const page = await openPage();
    await logIn(page, client.email);
    await page.waitForURL(`${web.url}/onboarding`);
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.getByLabel('Industry').locator('option').nth(1).waitFor({ state: 'attached' });
    await audit(page, 'Onboarding: business details');
    await tabRound(page, 'Onboarding: business details');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await audit(page, 'Onboarding: business details with errors');

    await t.http().put('/api/onboarding/business-details').set(bearer(client.token)).send(businessDetails(industry.id)).expect(200);
    await page.reload();
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    await audit(page, 'Onboarding: lead preferences');
    await tabRound(page, 'Onboarding: lead preferences');

    await t.http().put('/api/onboarding/lead-preferences').set(bearer(client.token)).send(leadPreferences()).expect(200);
    await waitForIntegrations(t, client.token);
    await page.reload();
    await page.getByRole('heading', { name: 'Card' }).waitFor();
    await page.getByText('Stripe: ready').waitFor();
    await audit(page, 'Onboarding: card');
    await tabRound(page, 'Onboarding: card');
    expectNoProblems();
  });

  it('takes a new client through business details and lead preferences to the card step with the keyboard alone', async () => {
    const client = await registerClient(t);
    const page = await openPage();
    await logIn(page, client.email);
    await page.waitForURL(`${web.url}/onboarding`);
    await page.getByLabel('Industry').locator('option').nth(1).waitFor({ state: 'attached' });

    await tabTo(page, page.getByLabel('Business name'), 'Business name');
    await page.keyboard.type('Keyboard Roofing Ltd');
    await tabTo(page, page.getByLabel('Industry'), 'Industry');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Industry').inputValue()).toBe(industry.id);
    for (const [label, value] of [
      ['Address line 1', '1 High Street'],
      ['Town or city', 'London'],
      ['Postcode', 'SW1A 1AA'],
      ['Business phone', '+44 20 7946 0000'],
    ]) {
      await tabTo(page, page.getByLabel(label, { exact: true }), label);
      await page.keyboard.type(value);
    }
    await tabTo(page, page.getByRole('button', { name: 'Next' }), 'Next');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    // The new step's heading takes focus, so a screen reader announces it.
    expect(await hasFocus(page.getByRole('heading', { name: 'Lead preferences' }))).toBe(true);
    await tabTo(page, page.getByRole('textbox', { name: 'Postcode areas' }), 'Postcode areas');
    await page.keyboard.type('M1 LS1');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Remove LS1' }), 'Remove LS1');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('list', { name: 'Chosen areas' }).getByRole('listitem').allTextContents()).toEqual(['M1×']);
    await tabTo(page, page.getByLabel('Daily cap'), 'Daily cap');
    await page.keyboard.type('10');
    await tabTo(page, page.getByLabel('Saturday'), 'Saturday');
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Saturday').isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Next' }), 'Next');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Card' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'Add card with Stripe' }), 'Add card with Stripe');
    await tabTo(page, page.getByRole('button', { name: 'Back' }), 'Back');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    expect(await page.getByLabel('Daily cap').inputValue()).toBe('10');
    const saved = (await t.http().get('/api/onboarding').set(bearer(client.token)).expect(200)).body as {
      businessDetails: { businessName: string };
      leadPreferences: { postcodeAreas: string[] };
    };
    expect(saved.businessDetails.businessName).toBe('Keyboard Roofing Ltd');
    expect(saved.leadPreferences.postcodeAreas).toEqual(['M1']);
  });

  it("client's dashboard, leads, billing, integrations and activity: no serious violations, every control reached by Tab with a visible focus", async () => {
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
    await deliverLead(client.token);
    await t
      .http()
      .post('/api/webhook-endpoints')
      .set(bearer(client.token))
      .send({ url: 'https://hooks.example.com/leadflow', description: 'Our CRM', eventTypes: ['lead.reported'] })
      .expect(201);
    // Paused after the lead arrived: the dashboard has something under "Needs attention" too.
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
          paused: true,
        }),
      )
      .expect(200);

    const page = await openPage();
    await logIn(page, client.email);
    await page.getByRole('region', { name: 'Needs attention' }).getByRole('link', { name: 'Go to lead preferences' }).waitFor();
    await page.locator('#inbound-url').waitFor();
    // The charts load after the page (their library is fetched on first use); audit the finished screen.
    await page.locator('#runway-text').waitFor();
    await page.locator('.chart-frame .recharts-wrapper').first().waitFor();
    await audit(page, 'Dashboard');
    await tabRound(page, 'Dashboard');
    await page.getByText('How is this worked out?').click();
    for (const numbers of await page.getByText('Show the numbers').all()) await numbers.click();
    await page.getByRole('table', { name: 'Leads per day, one row a day, oldest first' }).waitFor();
    await audit(page, 'Dashboard: runway method and chart tables open');

    await page.goto(`${web.url}/leads`);
    await page.getByRole('table', { name: 'Your leads, newest first' }).getByRole('row').nth(1).waitFor();
    await audit(page, 'Leads');
    await tabRound(page, 'Leads');
    await page.getByRole('link', { name: 'Ann Smith' }).click();
    await page.getByRole('heading', { name: 'Ann Smith' }).waitFor();
    await audit(page, 'Lead');
    await tabRound(page, 'Lead');

    await page.goto(`${web.url}/billing`);
    await eventually('the balance shows', async () => (await page.locator('#balance-amount').textContent()) === '£25.00', 15_000);
    await page.getByRole('table', { name: 'Ledger entries, newest first' }).getByRole('row').nth(1).waitFor();
    await audit(page, 'Billing');
    await tabRound(page, 'Billing');
    await page.getByRole('button', { name: 'Top up' }).click();
    await page.getByRole('dialog', { name: 'Top up your credit' }).waitFor();
    await audit(page, 'Billing: top-up dialog');
    await tabRound(page, 'Billing: top-up dialog');

    await page.goto(`${web.url}/integrations`);
    await page.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').first().waitFor();
    await audit(page, 'Integrations');
    await tabRound(page, 'Integrations');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('region', { name: 'Add an endpoint' }).waitFor();
    await audit(page, 'Integrations: add an endpoint');

    await page.goto(`${web.url}/activity`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('table').first().waitFor();
    await audit(page, 'Activity');

    await page.goto(`${web.url}/account/sign-in`);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await audit(page, 'Account: sign-in');
    expectNoProblems();
  });

  it('text alerts, usage and the notification log: no serious violations, every control reached by Tab with a visible focus', async () => {
    const client = await onboardBillable(t, industry.id);
    const page = await openPage();
    await logIn(page, client.email);
    // Text alerts: one number verified (its settings), one waiting for its code (the code form).
    await verifiedNumber(t, client.token, '+447700900111');
    await t.http().post('/api/sms/numbers').set(bearer(client.token)).send({ phone: '07700 900222' }).expect(201);
    await page.goto(`${web.url}/alerts`);
    await page.getByRole('button', { name: 'Save texts' }).waitFor();
    await page.getByLabel('Verification code').waitFor();
    await audit(page, 'Alerts');
    await tabRound(page, 'Alerts');
    await page.getByRole('button', { name: 'Remove 07700 900222' }).click();
    await page.getByRole('dialog', { name: 'Remove this number?' }).waitFor();
    await audit(page, 'Alerts: remove a number');

    await page.goto(`${web.url}/usage`);
    await page.getByRole('navigation', { name: 'Months' }).waitFor();
    await audit(page, 'Usage');
    await tabRound(page, 'Usage');

    await page.goto(`${web.url}/notifications`);
    await page.getByRole('table', { name: 'Notifications, newest first' }).waitFor();
    await audit(page, 'Notification log');
    await tabRound(page, 'Notification log');

    await page.goto(`${web.url}/plan`);
    await page.getByRole('heading', { name: 'Plan', level: 1 }).waitFor();
    await page.getByText('Free', { exact: false }).first().waitFor();
    await audit(page, 'Plan');
    await tabRound(page, 'Plan');
    expectNoProblems();
  });

  it('buying and changing a plan (checkout, the Plan page, its dialogs and banners): no serious violations, every control reached by Tab', async () => {
    const plan = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(adminToken))
        .send({
          name: `Team ${randomUUID().slice(0, 8)}`,
          monthlyPrice: 4_900,
          seatsIncluded: 3,
          seatPrice: 1_000,
          billingPeriod: 'monthly',
          isPublic: true,
        })
        .expect(201)
    ).body as { id: string; name: string };
    const client = await onboardBillable(t, industry.id);
    await t.http().put('/api/subscription/pending-plan').set(bearer(client.token)).send({ planId: plan.id }).expect(200);
    const page = await openPage();
    await logIn(page, client.email);

    await page.goto(`${web.url}/pricing`);
    await page.getByRole('link', { name: `Choose ${plan.name}`, exact: true }).waitFor();
    await audit(page, 'Pricing with a paid plan');

    await page.goto(`${web.url}/plan/checkout`);
    const pay = page.getByRole('button', { name: 'Pay £58.80 and start' });
    await pay.waitFor();
    await audit(page, 'Plan checkout');
    await tabRound(page, 'Plan checkout');
    await pay.click();
    await page.waitForURL(`${web.url}/`);
    await page.getByRole('region', { name: 'Your plan' }).getByText('Valid until').waitFor();
    await audit(page, 'Dashboard with a paid plan');

    await page.goto(`${web.url}/plan`);
    await page.getByRole('table', { name: 'Your subscription invoices, newest first' }).waitFor();
    await audit(page, 'Plan: a paid plan');
    await tabRound(page, 'Plan: a paid plan');

    await page.getByRole('button', { name: 'Add or remove seats' }).click();
    const seats = page.getByRole('dialog', { name: 'Add or remove seats' });
    await seats.getByLabel('Add-on seats in all').fill('1');
    await seats.getByText(/charged now/).waitFor();
    await audit(page, 'Plan: seats with a quote');
    await seats.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Change plan' }).click();
    const change = page.getByRole('dialog', { name: 'Change plan' });
    await change.getByRole('radio').first().check();
    await change.getByText(/Nothing to pay now|charged now/).waitFor();
    await audit(page, 'Plan: change plan with a quote');
    await change.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Cancel plan', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Cancel the ${plan.name} plan?` });
    await audit(page, 'Plan: cancel');
    await confirm.getByRole('button', { name: 'Cancel plan', exact: true }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await audit(page, 'Plan: ending, with Undo');
    expectNoProblems();
  });

  it('admin screens: no serious violations, table actions reached by Tab with a visible focus', async () => {
    const client = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(client.token)).send(businessDetails(industry.id)).expect(200);
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    const page = await openPage();
    await logIn(page, admin.email, admin.password);
    await page.getByText('You are signed in as an administrator.').waitFor();
    await audit(page, 'Admin home');

    await page.getByRole('main').getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL(`${web.url}/admin`);
    await page.getByRole('table', { name: 'Queue health' }).waitFor();
    await page.locator('.chart-frame .recharts-wrapper').first().waitFor();
    await audit(page, 'Admin: overview');
    await tabRound(page, 'Admin: overview');

    await page.goto(`${web.url}/admin/clients`);
    await page.getByRole('table', { name: 'Clients, newest first' }).getByRole('row').nth(1).waitFor();
    await audit(page, 'Admin: clients');
    await tabRound(page, 'Admin: clients');

    await page.goto(`${web.url}/admin/industries`);
    await page.getByRole('row').filter({ hasText: industry.name }).waitFor();
    await audit(page, 'Admin: industries');
    await tabRound(page, 'Admin: industries');
    await page.getByRole('button', { name: 'New industry' }).click();
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByRole('group', { name: 'Column 1' }).waitFor();
    await audit(page, 'Admin: new industry');
    await tabRound(page, 'Admin: new industry');

    await page.goto(`${web.url}/admin/clients/${client.clientId}`);
    await page.getByRole('heading', { name: 'Details' }).waitFor();
    await page.getByRole('heading', { name: 'Activity log' }).waitFor();
    await page
      .getByText('Nothing sent for this client yet.')
      .or(page.getByRole('table', { name: /^Emails, texts and webhooks sent for/ }))
      .waitFor();
    await audit(page, 'Admin: client');
    await page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Change plan' }).click();
    await page.getByRole('dialog', { name: "Change the client's plan" }).getByLabel('Reason').waitFor();
    await audit(page, 'Admin: client: change plan');
    await page.getByRole('dialog', { name: "Change the client's plan" }).getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${web.url}/admin/campaigns`);
    await page.getByText('No campaigns yet.', { exact: false }).first().waitFor();
    await audit(page, 'Admin: campaigns');

    await page.goto(`${web.url}/admin/suppliers`);
    await page.getByText('No suppliers yet.', { exact: false }).waitFor();
    await audit(page, 'Admin: suppliers');

    await page.goto(`${web.url}/admin/reports`);
    await page.getByText('No reports to review.').waitFor();
    await audit(page, 'Admin: reports');

    await page.goto(`${web.url}/admin/webhooks`);
    await page.getByText('No platform endpoints yet.').waitFor();
    await audit(page, 'Admin: webhooks');

    await page.goto(`${web.url}/admin/usage`);
    await page.getByRole('navigation', { name: 'Months' }).waitFor();
    await audit(page, 'Admin: usage');
    await tabRound(page, 'Admin: usage');

    await page.goto(`${web.url}/admin/plans`);
    await page.getByRole('table', { name: 'Plans' }).waitFor();
    await audit(page, 'Admin: plans');
    await tabRound(page, 'Admin: plans');

    await page.goto(`${web.url}/admin/privacy`);
    await page.getByText('No requests yet.', { exact: false }).waitFor();
    await audit(page, 'Admin: privacy');
    await tabRound(page, 'Admin: privacy');
    expectNoProblems();
  });
});
