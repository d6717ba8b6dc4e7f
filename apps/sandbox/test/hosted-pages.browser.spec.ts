import { chromium, type Browser, type Page } from 'playwright-core';
import Stripe from 'stripe';
import type { RunningSandbox } from '../src';
import { objectIdOf, startTestSandbox, stripeClient, TestServer, WEBHOOK_SECRET } from './helpers';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('Hosted pages in Chromium', () => {
  let sandbox: RunningSandbox;
  let stripe: Stripe;
  let hooks: TestServer;
  let site: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    stripe = stripeClient(sandbox);
    hooks = await new TestServer().start();
    site = await new TestServer().start();
    site.respond = () => ({ status: 200, body: '{"page":"LeadFlow"}' });
    sandbox.setStripeWebhook(`${hooks.url}/webhooks/stripe`, WEBHOOK_SECRET);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox.close();
    await hooks.close();
    await site.close();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });

  /** The event arrived, and its signature verifies with the endpoint secret. */
  async function signedEvent(type: string, objectId: string): Promise<Stripe.Event> {
    const { raw } = await hooks.waitForEvent(type, (e) => objectIdOf(e) === objectId);
    return stripe.webhooks.constructEvent(raw.body, String(raw.headers['stripe-signature']), WEBHOOK_SECRET);
  }

  async function fillCard(number: string): Promise<void> {
    await page.fill('#number', number);
    await page.fill('#exp', '12 / 34');
    await page.fill('#cvc', '123');
  }

  it('saves a 4242 card on the hosted Checkout page and lands on success_url', async () => {
    const customer = await stripe.customers.create({ email: 'browser-checkout@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'gbp',
      success_url: `${site.url}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${site.url}/billing/cancel`,
    });
    await page.goto(session.url ?? '');
    await fillCard('4242 4242 4242 4242');
    await page.click('#submit');
    await page.waitForURL(`${site.url}/billing/success?session_id=${session.id}`);

    const completed = await signedEvent('checkout.session.completed', session.id);
    expect(completed.data.object).toMatchObject({ status: 'complete', customer: customer.id });
    await signedEvent('setup_intent.succeeded', String(session.setup_intent));

    const si = await stripe.setupIntents.retrieve(String(session.setup_intent));
    const pi = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'gbp',
      customer: customer.id,
      payment_method: String(si.payment_method),
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe('succeeded');
  });

  it('shows a decline on the Checkout page and sends Cancel to cancel_url', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      success_url: `${site.url}/ok`,
      cancel_url: `${site.url}/billing/cancel`,
    });
    await page.goto(session.url ?? '');
    await fillCard('4000 0000 0000 0002');
    await page.click('#submit');
    await expect(page.textContent('#error')).resolves.toContain('Your card was declined.');
    await page.click('#cancel');
    await page.waitForURL(`${site.url}/billing/cancel`);
  });

  it('completes a 3-D Secure payment on the authenticate page', async () => {
    const customer = await stripe.customers.create({ email: 'browser-3ds@example.com' });
    const pi = await stripe.paymentIntents.create({
      amount: 3000,
      currency: 'gbp',
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
      return_url: `${site.url}/topup/return`,
    });
    expect(pi.status).toBe('requires_action');
    await signedEvent('payment_intent.requires_action', pi.id);
    await page.goto(pi.next_action?.redirect_to_url?.url ?? '');
    await page.click('#complete');
    await page.waitForURL((url) => url.pathname === '/topup/return' && url.searchParams.get('redirect_status') === 'succeeded');
    expect(new URL(page.url()).searchParams.get('payment_intent')).toBe(pi.id);
    const succeeded = await signedEvent('payment_intent.succeeded', pi.id);
    expect(succeeded.data.object).toMatchObject({ status: 'succeeded', amount_received: 3000 });
  });

  it('pays an invoice on the hosted invoice page', async () => {
    const customer = await stripe.customers.create({ email: 'browser-invoice@example.com', name: 'Browser Buyer Ltd' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 14 });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      amount: 12000,
      currency: 'gbp',
      description: 'Boiler leads',
    });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    await page.goto(invoice.hosted_invoice_url ?? '');
    await expect(page.textContent('#amount-due')).resolves.toBe('£120.00');
    await fillCard('4242424242424242');
    await page.click('#pay');
    await page.waitForSelector('#paid');
    const paid = await signedEvent('invoice.paid', invoice.id);
    expect(paid.data.object).toMatchObject({ status: 'paid', amount_paid: 12000 });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it('pays an invoice with a 3-D Secure card: challenge, then back to the paid invoice', async () => {
    const customer = await stripe.customers.create({ email: 'browser-invoice-3ds@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 14 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 5000, currency: 'gbp' });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    await page.goto(invoice.hosted_invoice_url ?? '');
    await fillCard('4000002760003184');
    await page.click('#pay');
    await page.click('#complete');
    await page.waitForSelector('#paid');
    await signedEvent('invoice.paid', invoice.id);
  });
});
