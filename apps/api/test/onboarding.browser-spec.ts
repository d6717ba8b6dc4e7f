import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { upsertUser } from '../src/bin/upsert-user';
import {
  bearer,
  businessDetails,
  connectXero,
  createAdmin,
  createIndustry,
  registerClient,
  sandboxState,
  type IndustryBody,
} from './utils/actors';
import { TestApp, newUser } from './utils/test-app';
import { freePort, launchChromium, SCREENSHOTS, startVite, type ViteServer, eventually } from './utils/browser';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq += 1)}`;

describe('onboarding and admin screens against the real API', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let adminToken: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    // Stripe's return URL and the invite links are built from APP_URL, so the SPA's port comes first.
    const webPort = await freePort();
    t = await TestApp.create({ env: { APP_URL: `http://127.0.0.1:${webPort}`, AUTH_RATE_LIMIT_PER_IP: '200' } });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken, { name: `Solar panels ${unique()}`, leadCost: 2500 });
    await connectXero(t, adminToken);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  async function registerInSpa(path = '/register') {
    const user = newUser();
    await page.goto(`${web.url}${path}`);
    await page.getByLabel('First name').fill(user.firstName);
    await page.getByLabel('Last name').fill(user.lastName);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Phone').fill(user.phone);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${web.url}/onboarding`);
    return user;
  }

  async function logIn(email: string, password: string) {
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  async function fillBusinessDetails(businessName: string) {
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.getByLabel('Business name').fill(businessName);
    await page.getByLabel('Industry').selectOption(industry.id);
    await page.getByLabel('Address line 1').fill('1 High Street');
    await page.getByLabel('Town or city').fill('London');
    await page.getByLabel('Postcode').fill('sw1a 1aa');
    await page.getByLabel('Business phone').fill('+44 20 7946 0000');
  }

  async function fillLeadPreferences() {
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    const areas = page.getByRole('textbox', { name: 'Postcode areas' });
    // Junk is not a chip: it stays in the box, and the field says what is wrong with each entry.
    await areas.fill('hello, ZZ9 9ZZZ');
    await areas.press('Enter');
    await page.getByText("HELLO isn't a postcode area, district or sector. Try something like SW, M1 or B33 8.").waitFor();
    await page.getByText("ZZ9 9ZZZ isn't a postcode area, district or sector.", { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Remove HELLO' }).count()).toBe(0);
    expect(await areas.inputValue()).toBe('HELLO, ZZ9 9ZZZ');
    await areas.fill('sw1a, M1 b33 8');
    await areas.press('Enter');
    for (const area of ['SW1A', 'M1', 'B33 8']) await page.getByRole('button', { name: `Remove ${area}` }).waitFor();
    await page.getByLabel('Daily cap').fill('10');
    await page.getByLabel('Weekly cap (optional)').fill('40');
    await page.getByLabel('Saturday').check();
    await page.getByLabel('From').selectOption('08:00');
    await page.getByLabel('Until').selectOption('20:00');
  }

  it('takes a new client from registration through business details, preferences and a Stripe card to the dashboard', async () => {
    const user = await registerInSpa();
    const businessName = `Sunny Roofs ${unique()} Ltd`;
    await page.getByText('Next: business details').waitFor();
    await fillBusinessDetails(businessName);
    expect(await page.getByLabel('Industry').locator('option:checked').textContent()).toBe(`${industry.name} — £25.00 per lead`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'onboarding-business.png') });
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.getByRole('button', { name: 'Next' }).click();

    // The browser's Back and Forward move between the wizard's steps.
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    await page.goForward();
    await fillLeadPreferences();
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('heading', { name: 'Card' }).waitFor();
    for (const line of ['Stripe: ready', 'LeadByte: ready', 'Xero: ready']) await page.getByText(line).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Add card with Stripe' }).click();

    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/checkout/`));
    await page.locator('#number').fill('4242 4242 4242 4242');
    await page.locator('#exp').fill('12 / 34');
    await page.locator('#cvc').fill('123');
    await page.locator('#name').fill(`${user.firstName} ${user.lastName}`);
    await page.locator('#submit').click();

    await page.waitForURL(`${web.url}/`);
    await page.getByRole('heading', { name: businessName }).waitFor();
    await page.getByText('Visa •••• 4242').waitFor();
    await page.getByText('Your card is saved and your account is set up.').waitFor();
    expect(await page.locator('#inbound-url').textContent()).toMatch(/\/api\/leads\/inbound\/[\w-]+$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png') });

    const id = (await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200)).body.user.client
      .id as string;
    const sandbox = await sandboxState(t);
    expect(sandbox.stripe.customers.filter((c) => c.metadata.clientId === id)).toHaveLength(1);
    expect(sandbox.leadbyte.buyers.filter((b) => b.company === businessName)).toHaveLength(1);
    expect(sandbox.xero.contacts.filter((c) => c.Name === businessName)).toHaveLength(1);
  });

  it('resumes at lead preferences after logging out mid-wizard, with business details kept for Back', async () => {
    const client = await registerClient(t);
    await logIn(client.email, client.password);
    await page.waitForURL(`${web.url}/onboarding`);
    const businessName = `Resume Roofs ${unique()} Ltd`;
    await fillBusinessDetails(businessName);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${web.url}/login`);
    await logIn(client.email, client.password);
    await page.waitForURL(`${web.url}/onboarding`);
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    await page.getByText('Next: lead preferences').waitFor();

    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Business details' }).waitFor();
    expect(await page.getByLabel('Business name').inputValue()).toBe(businessName);
    expect(await page.getByLabel('Industry').inputValue()).toBe(industry.id);
    expect(await page.getByLabel('Town or city').inputValue()).toBe('London');
    expect(await page.getByLabel('Postcode').inputValue()).toBe('SW1A 1AA');

    // Next with nothing changed goes forward without re-registering the business anywhere.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
  });

  it('signs up a non-billable client from an invite without a card step or any billing', async () => {
    const invite = (await t.http().post('/api/admin/invites').set(bearer(adminToken)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string };
    await registerInSpa(`/register?invite=${encodeURIComponent(invite.token)}`);
    const progress = page.getByRole('list', { name: 'Sign-up progress' });
    await progress.waitFor();
    expect(await progress.getByRole('listitem').allTextContents()).toEqual([
      'Personal details (done)',
      'Business details (to do next)',
      'Lead preferences',
    ]);

    const businessName = `Free Leads ${unique()} Ltd`;
    await fillBusinessDetails(businessName);
    await page.getByRole('button', { name: 'Next' }).click();
    await fillLeadPreferences();
    await page.getByRole('button', { name: 'Finish' }).click();

    await page.waitForURL(`${web.url}/`);
    await page.getByRole('heading', { name: businessName }).waitFor();
    await page.getByRole('heading', { name: 'Lead preferences' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Payment card' }).count()).toBe(0);
    expect(await page.getByText(/card|credit|billing|••••/i).count()).toBe(0);
    expect(await page.getByText('Stripe:').count()).toBe(0);

    // The wizard's preferences form edits them later too.
    await page.getByRole('link', { name: 'Edit lead preferences' }).click();
    await page.waitForURL(`${web.url}/account/preferences`);
    expect(await page.getByLabel('Daily cap').inputValue()).toBe('10');
    await page.getByLabel('Daily cap').fill('12');
    await page.getByRole('button', { name: 'Remove M1' }).click();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.waitForURL(`${web.url}/`);
    await page.getByText('Your lead preferences are saved.').waitFor();
    await page.getByText('12 leads').waitFor();
    expect(await page.getByRole('list', { name: 'Postcode areas' }).getByRole('listitem').allTextContents()).toEqual(['B33 8', 'SW1A']);
  });

  it('lets an admin find a client and create an industry with lead columns', async () => {
    const client = await registerClient(t);
    const details = businessDetails(industry.id, { businessName: `Admin View ${unique()} Ltd` });
    await t.http().put('/api/onboarding/business-details').set(bearer(client.token)).send(details).expect(200);
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });

    await logIn(admin.email, admin.password);
    await page.getByText('You are signed in as an administrator.').waitFor();
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clients' }).click();
    await page.waitForURL(`${web.url}/admin/clients`);
    await page.getByLabel('Search').fill(details.businessName);
    await page.getByRole('button', { name: 'Search' }).click();
    // The header row and the one match.
    await eventually('the search shows one client', async () => (await page.getByRole('row').count()) === 2);
    const row = page.getByRole('row').filter({ hasText: details.businessName });
    expect(await row.textContent()).toContain(client.email);
    expect(await row.textContent()).toContain('At lead preferences');

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Industries' }).click();
    await page.waitForURL(`${web.url}/admin/industries`);
    await page.getByRole('row').filter({ hasText: industry.name }).waitFor();
    await page.getByRole('button', { name: 'New industry' }).click();
    const name = `Heat pumps ${unique()}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Lead cost (GBP)').fill('30.50');
    await page.getByRole('button', { name: 'Add column' }).click();
    const column = page.getByRole('group', { name: 'Column 1' });
    await column.getByLabel('Label', { exact: true }).fill('Property type');
    expect(await column.getByLabel('Key', { exact: true }).inputValue()).toBe('property_type');
    await column.getByLabel('Type', { exact: true }).selectOption('select');
    await column.getByLabel('Options', { exact: true }).fill('house, flat');
    await column.getByLabel('Required', { exact: true }).check();
    await page.getByRole('button', { name: 'Create industry' }).click();

    await page.getByText(`${name} is created.`).waitFor();
    const created = page.getByRole('row').filter({ hasText: name });
    expect(await created.textContent()).toContain('£30.50');

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Xero' }).click();
    await page.waitForURL(`${web.url}/admin/xero`);
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Disconnect Xero' }).waitFor();

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Invites' }).click();
    await page.getByLabel('Billing mode').selectOption('non_billable');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    expect(await page.locator('#invite-url').textContent()).toMatch(new RegExp(`^${web.url}/register\\?invite=[\\w-]+$`));

    const industries = (await t.http().get('/api/admin/industries').set(bearer(adminToken)).expect(200)).body as Array<{
      name: string;
      leadCost: number;
      leadColumns: unknown[];
    }>;
    expect(industries.find((i) => i.name === name)).toMatchObject({
      leadCost: 3050,
      leadColumns: [{ key: 'property_type', label: 'Property type', type: 'select', required: true, options: ['house', 'flat'] }],
    });
  });
});
