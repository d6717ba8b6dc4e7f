import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  type IndustryBody,
} from './utils/actors';
import { eventually, freePort, launchChromium, SCREENSHOTS, startVite, type ViteServer } from './utils/browser';
import { pdfText } from './utils/pdf-text';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp, newUser } from './utils/test-app';

/** onboardBillable signs people up through newUser(), whose password is this. */
const PASSWORD = 'correct-horse-42';

describe('billing screens against the real API and the Stripe sandbox', () => {
  let t: TestApp;
  let web: ViteServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let adminToken: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    // Stripe's return URLs (3-D Secure, card pages) are built from APP_URL, so the SPA's port comes first.
    const webPort = await freePort();
    t = await TestApp.create({
      env: {
        APP_URL: `http://127.0.0.1:${webPort}`,
        AUTH_RATE_LIMIT_PER_IP: '200',
        COMPANY_NAME: 'LeadFlow Trading Ltd',
        COMPANY_ADDRESS: '10 Market Street, Bristol, BS1 1AA',
        COMPANY_VAT_NUMBER: 'GB123456789',
      },
    });
    web = await startVite(webPort, t.url);
    browser = await launchChromium();
    adminToken = await createAdmin(t);
    industry = await createIndustry(t, adminToken);
    // Onboarding waits for every registration, Xero's contact included.
    await connectXero(t, adminToken);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await t?.close();
  });

  async function openPage(viewport = { width: 1100, height: 800 }) {
    context = await browser.newContext({ viewport });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // Only the SPA's own errors count: the sandbox's pages answer a refused card with a 402.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource') && page.url().startsWith(web.url))
        pageErrors.push(message.text());
    });
  }

  afterEach(async () => {
    await context?.close();
    expect(pageErrors).toEqual([]);
  });

  async function logIn(email: string, password = PASSWORD) {
    await page.goto(`${web.url}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${web.url}/`);
  }

  async function openBilling() {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Billing' }).click();
    await page.waitForURL(`${web.url}/billing`);
    await page.getByRole('heading', { name: 'Balance' }).waitFor();
  }

  const balance = () => page.locator('#balance-amount');

  async function expectBalance(text: string) {
    await eventually(`the balance shows ${text}`, async () => (await balance().textContent()) === text, 15_000);
  }

  async function apiBalance(token: string): Promise<number> {
    return ((await t.http().get('/api/billing').set(bearer(token)).expect(200)).body as { balance: number }).balance;
  }

  /** "Add card" → the sandbox's hosted Checkout page, with `number` typed in. */
  async function enterCardOnStripe(number: string) {
    await page.getByRole('button', { name: 'Add card' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/checkout/`));
    await page.locator('#number').fill(number);
    await page.locator('#exp').fill('12 / 34');
    await page.locator('#cvc').fill('123');
    await page.locator('#name').fill('Ada Lovelace');
    await page.locator('#submit').click();
  }

  async function topUp(pounds: string) {
    await page.getByRole('button', { name: 'Top up' }).click();
    const dialog = page.getByRole('dialog', { name: 'Top up your credit' });
    await dialog.getByLabel('Credit to buy (£)').fill(pounds);
    return dialog;
  }

  it('tops up £50 with card 4242 and shows the £50.00 balance once Stripe confirms (at 390 px)', async () => {
    await openPage({ width: 390, height: 844 });
    const client = await onboardBillable(t, industry.id);
    await logIn(client.email);
    await openBilling();
    await expectBalance('£0.00');
    const saved = page.getByRole('list', { name: 'Saved cards' }).getByRole('listitem');
    expect(await saved.allTextContents()).toEqual([expect.stringMatching(/^Visa •••• 4242expires 12\/34Default/)]);
    await page.getByText('No payments yet.').waitFor();

    const dialog = await topUp('50');
    // The preview is the API's arithmetic: 20% VAT added on top, in pence.
    await dialog.getByText('Credit £50.00 + VAT £10.00 = £60.00 charged').waitFor();
    await dialog.getByLabel('Credit to buy (£)').fill('10.05');
    await dialog.getByText('Credit £10.05 + VAT £2.01 = £12.06 charged').waitFor();
    await dialog.getByLabel('Credit to buy (£)').fill('5');
    await dialog.getByRole('button', { name: 'Pay' }).click();
    await dialog.getByText('Enter an amount between £10.00 and £5,000.00.').waitFor();
    await dialog.getByLabel('Credit to buy (£)').fill('50');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'top-up.png') });
    await dialog.getByRole('button', { name: 'Pay £60.00' }).click();

    await expectBalance('£50.00');
    await page.getByText('Payment received.').waitFor();
    expect(await dialog.isVisible()).toBe(false);
    expect(await apiBalance(client.token)).toBe(5000);
    const payment = page.getByRole('table', { name: 'Payments, newest first' }).getByRole('row').nth(1);
    expect(await payment.textContent()).toMatch(/Top-up.*Paid.*£50\.00.*£10\.00.*£60\.00/);
    const entry = page.getByRole('table', { name: 'Ledger entries, newest first' }).getByRole('row').nth(1);
    expect(await entry.textContent()).toMatch(/Top-up.*\+£50\.00.*£50\.00/);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, 'billing.png') });

    // The CSV comes through the API client (with the session's token) and is saved from a Blob.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^leadflow-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('date,kind,amount,balance_after,currency,description,reference');
    expect(csv).toContain(',top_up,50.00,50.00,GBP,');

    // The kind filter narrows the ledger.
    await page.getByLabel('Kind').selectOption('adjustment');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No entries match these filters.').waitFor();
  });

  it('opens the VAT receipt of a paid top-up from its payment row (and at 390 px) and downloads it as a PDF', async () => {
    const client = await onboardBillable(t, industry.id);
    const paid = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(client.token))
        .set('Idempotency-Key', `receipt-${client.clientId}`)
        .send({ amount: 2_500 })
    ).body as { id: string };
    await eventually(
      'the top-up to be paid and in Xero',
      async () => {
        await waitForQueuesToDrain(t.queues());
        const [row] = await t.db.query(`SELECT xero_invoice_number FROM payments WHERE id = $1 AND status = 'succeeded'`, [paid.id]);
        return Boolean(row?.xero_invoice_number);
      },
      15_000,
    );
    const [{ xero_invoice_number: number }] = await t.db.query(`SELECT xero_invoice_number FROM payments WHERE id = $1`, [paid.id]);

    await openPage();
    await logIn(client.email);
    await openBilling();
    const row = page.getByRole('table', { name: 'Payments, newest first' }).getByRole('row').nth(1);
    await row.getByRole('link', { name: /^VAT receipt for £30\.00 paid/ }).click();
    await page.waitForURL(`${web.url}/billing/receipts/${paid.id}`);
    await page.getByRole('heading', { level: 1, name: `VAT receipt ${number}` }).waitFor();
    const receipt = page.getByRole('article', { name: `VAT receipt ${number}` });
    expect(await receipt.getByRole('region', { name: 'From' }).textContent()).toBe(
      'FromLeadFlow Trading Ltd10 Market StreetBristolBS1 1AAVAT number GB123456789',
    );
    expect(await receipt.getByRole('region', { name: 'Billed to' }).textContent()).toMatch(
      /^Billed toAcme Solar .* Ltd1 High StreetLondonSW1A 1AA$/,
    );
    expect(await receipt.getByRole('table', { name: 'What was paid for' }).getByRole('row').nth(1).textContent()).toBe(
      'LeadFlow credits£25.00£5.00£30.00',
    );
    expect(await receipt.locator('.receipt-total').textContent()).toBe('Total paid£30.00');
    await page.screenshot({ path: join(SCREENSHOTS, 'receipt.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe(`leadflow-receipt-${number}.pdf`);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(pdf)).toEqual(expect.arrayContaining(['VAT receipt', `Number ${number}`, 'VAT number GB123456789', '£30.00']));

    // The receipt email's link opens it straight away; on a phone it fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${web.url}/billing/receipts/${paid.id}`);
    await page.getByRole('heading', { level: 1, name: `VAT receipt ${number}` }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  it('adds a 3-D Secure card (4000 0025 0000 3155) on Stripe, makes it the default, and tops up through the 3-D Secure page', async () => {
    await openPage();
    const client = await onboardBillable(t, industry.id);
    await logIn(client.email);
    await openBilling();

    // Setting the card up asks for 3-D Secure once; after that it may be charged.
    await enterCardOnStripe('4000 0025 0000 3155');
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/authenticate/seti_`));
    await page.locator('#complete').click();
    await page.waitForURL(`${web.url}/billing`);
    await page.getByText('Your card is saved.').waitFor();
    await page.getByText('Visa •••• 3155').waitFor();
    await page.getByRole('button', { name: 'Make default: Visa •••• 3155' }).click();
    await page.getByText('Visa •••• 3155 is now your default card.').waitFor();
    expect(await page.getByRole('list', { name: 'Saved cards' }).getByRole('listitem').first().textContent()).toContain(
      'Visa •••• 3155expires 12/34Default',
    );

    // An on-session top-up on this card goes through the bank's page and comes back to /billing?payment=….
    const dialog = await topUp('50');
    // The dialog says which card it charges, and offers the other saved one.
    await dialog.getByText('We charge Visa •••• 3155, your default card.').waitFor();
    const cardChoice = dialog.getByLabel('Card');
    expect(await cardChoice.locator('option').allTextContents()).toEqual([
      'Visa •••• 3155, expires 12/34 (default)',
      'Visa •••• 4242, expires 12/34',
    ]);
    await cardChoice.selectOption({ label: 'Visa •••• 4242, expires 12/34' });
    await dialog.getByText('We charge Visa •••• 4242.').waitFor();
    await cardChoice.selectOption({ label: 'Visa •••• 3155, expires 12/34 (default)' });
    await dialog.getByRole('button', { name: 'Pay £60.00' }).click();
    await page.waitForURL((url) => url.toString().startsWith(`${t.sandbox.url}/hosted/authenticate/pi_`));
    await page.getByText('Authorise a payment of £60.00').waitFor();
    await page.locator('#complete').click();
    await page.waitForURL((url) => url.toString().startsWith(`${web.url}/billing?payment=`));
    await page.getByText('Payment received.').waitFor({ timeout: 20_000 });
    await expectBalance('£50.00');
    expect(await apiBalance(client.token)).toBe(5000);
    const payment = page.getByRole('table', { name: 'Payments, newest first' }).getByRole('row').nth(1);
    expect(await payment.textContent()).toMatch(/Top-up.*Paid.*£60\.00/);
  }, 90_000);

  it('brings a signed-out visitor who followed a link to /billing back there after logging in', async () => {
    const c = await onboardBillable(t, industry.id);
    await openPage();
    await page.goto(`${web.url}/billing`);
    await page.waitForURL(`${web.url}/login?next=%2Fbilling`);
    await page.getByLabel('Email').fill(c.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${web.url}/billing`);
    await page.getByRole('heading', { name: 'Balance' }).waitFor();
  });

  it('warns, while the client types, when the auto-charge threshold is below the price of a lead', async () => {
    const c = await onboardBillable(t, industry.id); // the industry's leads cost £25
    await openPage();
    await logIn(c.email);
    await openBilling();
    const note = page.getByText(/A lead costs you £25\.00, more than the £20\.00 you set/);
    await page.getByLabel('Top up automatically').check();
    await page.getByLabel('When the balance falls below (£)').fill('20');
    await note.waitFor();
    await page.getByLabel('When the balance falls below (£)').fill('25');
    await eventually('the note is gone at £25', async () => (await note.count()) === 0);
    await page.getByLabel('When the balance falls below (£)').fill('20');
    await page.getByLabel('Buy this much credit (£)').fill('50');
    await page.getByRole('button', { name: 'Save auto-charge' }).click();
    await page.getByText(/Auto-charge is on/).waitFor();
    await page.reload();
    await note.waitFor(); // saved settings below the lead price keep the note
  });

  it("shows Stripe's decline for card 4000 0000 0000 0002 and leaves the balance unchanged", async () => {
    await openPage();
    const client = await onboardBillable(t, industry.id);
    await logIn(client.email);
    await openBilling();

    // Like Stripe, the sandbox's card page checks the card when saving it, and this one is refused there.
    await enterCardOnStripe('4000 0000 0000 0002');
    await page.locator('#error').getByText('Your card was declined.').waitFor();
    await page.locator('#cancel').click();
    await page.waitForURL(`${web.url}/billing?card=canceled`);
    await page.getByText("You left Stripe's page without adding a card.").waitFor();

    // So the card reaches the account the only way Stripe lets a declining card exist: a PaymentMethod
    // created through Stripe's API, left unattached (attaching runs the same check and refuses it), and
    // recorded as the client's default card, as our card-confirm step would record a saved card. The
    // SPA's "Make default" can't do it: it also makes it the Stripe customer's default, which Stripe
    // refuses for a card not attached to the customer.
    const created = await fetch(`${t.sandbox.url}/v1/payment_methods`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_leadflow', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'card',
        'card[number]': '4000000000000002',
        'card[exp_month]': '12',
        'card[exp_year]': '2034',
        'card[cvc]': '123',
      }),
    });
    expect(created.status).toBe(200);
    const pm = (await created.json()) as { id: string; card: { brand: string; last4: string } };
    await t.db.transaction(async (tx) => {
      await tx.query('UPDATE payment_methods SET is_default = false WHERE client_id = $1', [client.clientId]);
      await tx.query(
        'INSERT INTO payment_methods (client_id, stripe_payment_method_id, brand, last4, exp_month, exp_year, is_default) VALUES ($1, $2, $3, $4, 12, 2034, true)',
        [client.clientId, pm.id, pm.card.brand, pm.card.last4],
      );
    });
    await page.reload();
    expect(await page.getByRole('list', { name: 'Saved cards' }).getByRole('listitem').first().textContent()).toContain(
      'Visa •••• 0002expires 12/34Default',
    );

    const dialog = await topUp('50');
    await dialog.getByRole('button', { name: 'Pay £60.00' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('The payment was declined:').waitFor();
    expect(await alert.textContent()).toContain('Your bank declined the payment. Try again with another card, or ask your bank why.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByText("Your top-up of £60.00 didn't go through:").waitFor();
    await expectBalance('£0.00');
    expect(await apiBalance(client.token)).toBe(0);
    const payment = page.getByRole('table', { name: 'Payments, newest first' }).getByRole('row').nth(1);
    expect(await payment.textContent()).toMatch(/Top-up.*Failed.*Your bank declined the payment\./);
    expect(await payment.textContent()).not.toContain('Stripe:'); // Stripe's own words are for admins
    await page.getByText('No entries yet.', { exact: false }).waitFor();
  }, 90_000);

  it("lets an admin open a client's page, adjust their credit and see it in the ledger", async () => {
    await openPage();
    const client = await onboardBillable(t, industry.id);
    const details = (await t.http().get(`/api/admin/clients/${client.clientId}`).set(bearer(adminToken)).expect(200)).body as {
      businessDetails: { businessName: string };
    };
    const businessName = details.businessDetails.businessName;
    const admin = newUser({ firstName: 'Alex', lastName: 'Admin' });
    await upsertUser(t.db, { ...admin, role: 'admin' });
    await logIn(admin.email, admin.password);

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Clients' }).click();
    await page.waitForURL(`${web.url}/admin/clients`);
    await page.getByRole('button', { name: 'Run reconciliation' }).click();
    await page.getByText('Every balance matches its ledger').waitFor();

    await page.getByLabel('Search').fill(businessName);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: businessName }).click();
    await page.waitForURL(`${web.url}/admin/clients/${client.clientId}`);
    await page.getByRole('heading', { name: businessName, level: 1 }).waitFor();
    await page.getByText(client.email).waitFor();
    await eventually('the balance shows £0.00', async () => (await page.locator('#client-balance').textContent()) === '£0.00');
    await page.getByText('No entries yet.', { exact: false }).waitFor();

    await page.getByLabel('Amount (£)').fill('25.50');
    await page.getByLabel('Reason', { exact: true }).fill('Goodwill credit for a duplicate lead');
    await page.getByRole('button', { name: 'Review adjustment' }).click();
    const confirm = page.getByRole('dialog', { name: 'Add credit?' });
    expect(await confirm.textContent()).toContain(`Add £25.50 to ${businessName}'s credit.`);
    await confirm.getByRole('button', { name: 'Apply adjustment' }).click();

    await page.getByText('Adjustment of +£25.50 applied. The balance is now £25.50.').waitFor();
    await eventually('the balance shows £25.50', async () => (await page.locator('#client-balance').textContent()) === '£25.50');
    const entry = page.getByRole('table', { name: 'Ledger entries, newest first' }).getByRole('row').nth(1);
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Adjustment.*Goodwill credit for a duplicate lead.*\+£25\.50.*£25\.50/);
    expect(await apiBalance(client.token)).toBe(2550);

    await page.getByLabel('Credit limit (£)').fill('100');
    await page.getByRole('button', { name: 'Save terms' }).click();
    await page.getByText('Credit terms saved.').waitFor();
    expect(
      (
        (await t.http().get(`/api/admin/clients/${client.clientId}/billing`).set(bearer(adminToken)).expect(200)).body as {
          creditLimit: number;
        }
      ).creditLimit,
    ).toBe(10000);
  }, 90_000);

  it('shows a non-billable client no Billing link, and /billing says billing is not available', async () => {
    await openPage();
    const invite = (await t.http().post('/api/admin/invites').set(bearer(adminToken)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string };
    const client = await registerClient(t, { inviteToken: invite.token });
    await t.http().put('/api/onboarding/business-details').set(bearer(client.token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(client.token)).send(leadPreferences()).expect(200);
    await t.http().get('/api/billing').set(bearer(client.token)).expect(403);

    await logIn(client.email, client.password);
    await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Dashboard' }).waitFor();
    expect(await page.getByRole('link', { name: 'Billing' }).count()).toBe(0);

    await page.goto(`${web.url}/billing`);
    await page.getByRole('heading', { name: 'Billing is not available for your account' }).waitFor();
    expect(await page.getByRole('button', { name: 'Top up' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Back to dashboard' }).click();
    await page.waitForURL(`${web.url}/`);
  });
});
