import Stripe from 'stripe';
import type { RunningSandbox } from '../src';
import { rejectionOf, startTestSandbox, stripeClient, submitForm } from './helpers';

describe('Stripe emulator: PaymentIntents and test cards (through the official SDK)', () => {
  let sandbox: RunningSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    stripe = stripeClient(sandbox);
  });
  afterAll(() => sandbox.close());

  async function customerWithCard(token: string): Promise<{ customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
    const customer = await stripe.customers.create({ email: `buyer-${Date.now()}@example.com`, metadata: { clientId: 'c1' } });
    const pm = await stripe.paymentMethods.attach(token, { customer: customer.id });
    return { customer, pm };
  }

  it('charges 4242 successfully and records amount_received', async () => {
    const { customer, pm } = await customerWithCard('pm_card_visa');
    expect(pm.card?.last4).toBe('4242');
    const pi = await stripe.paymentIntents.create({
      amount: 5000,
      currency: 'gbp',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
      metadata: { topupId: 't1' },
      description: 'Top-up',
    });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(5000);
    expect(pi.metadata).toEqual({ topupId: 't1' });
    expect(pi.latest_charge).toMatch(/^ch_/);
    const again = await stripe.paymentIntents.retrieve(pi.id);
    expect(again.status).toBe('succeeded');
  });

  it('raises StripeCardError card_declined/generic_decline for 4000000000000002 and leaves the PI requires_payment_method', async () => {
    const customer = await stripe.customers.create({ email: 'decline@example.com' });
    const err = await rejectionOf(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'gbp',
        customer: customer.id,
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = err as InstanceType<typeof Stripe.errors.StripeCardError>;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.code).toBe('card_declined');
    expect(cardError.decline_code).toBe('generic_decline');
    const pi = cardError.payment_intent;
    expect(pi?.status).toBe('requires_payment_method');
    expect(pi?.last_payment_error?.decline_code).toBe('generic_decline');
    const stored = await stripe.paymentIntents.retrieve(pi?.id ?? '');
    expect(stored.status).toBe('requires_payment_method');
    expect(stored.last_payment_error?.code).toBe('card_declined');
  });

  it('raises insufficient_funds for 4000000000009995', async () => {
    const customer = await stripe.customers.create({ email: 'poor@example.com' });
    const err = await rejectionOf(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'gbp',
        customer: customer.id,
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeError).code).toBe('card_declined');
    expect((err as Stripe.errors.StripeError).decline_code).toBe('insufficient_funds');
  });

  it('fails off-session 3155 (not set up) with authentication_required and the PI in raw.payment_intent', async () => {
    const { customer, pm } = await customerWithCard('pm_card_authenticationRequiredOnSetup');
    const err = await rejectionOf(
      stripe.paymentIntents.create({
        amount: 2500,
        currency: 'gbp',
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const e = err as Stripe.errors.StripeError;
    expect(e.code).toBe('authentication_required');
    const raw = e.raw as { payment_intent?: Stripe.PaymentIntent };
    expect(raw.payment_intent?.id).toMatch(/^pi_/);
    expect(raw.payment_intent?.status).toBe('requires_payment_method');
    expect(raw.payment_intent?.last_payment_error?.code).toBe('authentication_required');
  });

  it('puts an on-session 3155 payment into requires_action with a redirect to the authenticate page', async () => {
    const { customer, pm } = await customerWithCard('pm_card_authenticationRequiredOnSetup');
    const pi = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'gbp',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      return_url: 'https://app.example/return',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('redirect_to_url');
    const url = pi.next_action?.redirect_to_url?.url ?? '';
    expect(url.startsWith(`${sandbox.url}/hosted/authenticate/${pi.id}`)).toBe(true);
    const page = await fetch(url);
    expect(await page.text()).toContain('Complete authentication');
    const done = await submitForm(url, { outcome: 'complete' });
    expect(done.status).toBe(303);
    expect(done.location).toContain('https://app.example/return?payment_intent=');
    expect(done.location).toContain('redirect_status=succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('fails 3-D Secure when the cardholder fails the challenge', async () => {
    const { customer, pm } = await customerWithCard('pm_card_authenticationRequired');
    const pi = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'gbp',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
    });
    expect(pi.status).toBe('requires_action');
    await submitForm(pi.next_action?.redirect_to_url?.url ?? '', { outcome: 'fail' });
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });

  it('lets a 3155 card set up through a SetupIntent (after 3-D Secure) pay off-session', async () => {
    const customer = await stripe.customers.create({ email: 'setup@example.com' });
    const si = await stripe.setupIntents.create({
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      confirm: true,
      usage: 'off_session',
      return_url: 'https://app.example/setup-done',
    });
    expect(si.status).toBe('requires_action');
    const done = await submitForm(si.next_action?.redirect_to_url?.url ?? '', { outcome: 'complete' });
    expect(done.location).toContain('redirect_status=succeeded');
    const seti = await stripe.setupIntents.retrieve(si.id);
    expect(seti.status).toBe('succeeded');
    const pmId = String(seti.payment_method);
    expect((await stripe.paymentMethods.retrieve(pmId)).customer).toBe(customer.id);

    const pi = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'gbp',
      customer: customer.id,
      payment_method: pmId,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe('succeeded');
  });

  it('keeps failing off-session for 3184 even after setup', async () => {
    const customer = await stripe.customers.create({ email: 'always@example.com' });
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true });
    await submitForm(si.next_action?.redirect_to_url?.url ?? '', { outcome: 'complete' });
    const pmId = String((await stripe.setupIntents.retrieve(si.id)).payment_method);
    const err = await rejectionOf(
      stripe.paymentIntents.create({
        amount: 100,
        currency: 'gbp',
        customer: customer.id,
        payment_method: pmId,
        confirm: true,
        off_session: true,
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeError).code).toBe('authentication_required');
  });

  it('confirms and cancels PaymentIntents created without confirm', async () => {
    const { customer, pm } = await customerWithCard('pm_card_visa');
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'gbp', customer: customer.id });
    expect(pi.status).toBe('requires_payment_method');
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id });
    expect(confirmed.status).toBe('succeeded');
    const err = await rejectionOf(stripe.paymentIntents.cancel(pi.id));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).code).toBe('payment_intent_unexpected_state');

    const other = await stripe.paymentIntents.create({ amount: 900, currency: 'gbp', customer: customer.id });
    const canceled = await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('abandoned');
  });

  it("lists a customer's PaymentIntents newest first, filtered by created", async () => {
    const { customer } = await customerWithCard('pm_card_visa');
    const first = await stripe.paymentIntents.create({ amount: 100, currency: 'gbp', customer: customer.id });
    const second = await stripe.paymentIntents.create({ amount: 200, currency: 'gbp', customer: customer.id });
    const ids = async (params: Stripe.PaymentIntentListParams) =>
      (await stripe.paymentIntents.list({ customer: customer.id, ...params })).data.map((pi) => pi.id);
    expect(await ids({})).toEqual([second.id, first.id]);
    expect(await ids({ created: { gte: first.created } })).toEqual([second.id, first.id]);
    expect(await ids({ created: { gt: second.created } })).toEqual([]);
    expect(await ids({ created: { lt: first.created } })).toEqual([]);
  });

  it('answers unknown ids and bad params with StripeInvalidRequestError like Stripe', async () => {
    const missing = await rejectionOf(stripe.customers.retrieve('cus_doesnotexist'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((missing as Stripe.errors.StripeError).code).toBe('resource_missing');

    const offSessionWithoutConfirm = await rejectionOf(stripe.paymentIntents.create({ amount: 100, currency: 'gbp', off_session: true }));
    expect(offSessionWithoutConfirm).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((offSessionWithoutConfirm as Stripe.errors.StripeError).param).toBe('off_session');
  });

  it('refuses a key that is not a test secret key with StripeAuthenticationError', async () => {
    const bad = new Stripe('sk_live_nope', { ...sandbox.stripe, maxNetworkRetries: 0 });
    const err = await rejectionOf(bad.customers.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('manages payment methods: list by customer and type, detach, default for invoices', async () => {
    const customer = await stripe.customers.create({ email: 'pms@example.com' });
    const a = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const b = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: b.id }, name: 'Renamed Ltd' });
    expect(updated.invoice_settings.default_payment_method).toBe(b.id);
    expect(updated.name).toBe('Renamed Ltd');
    const listed = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(listed.data.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    const viaCustomer = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(viaCustomer.data).toHaveLength(2);
    const detached = await stripe.paymentMethods.detach(b.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });
    const declined = await rejectionOf(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  it('searches customers by metadata', async () => {
    const c = await stripe.customers.create({ email: 'search@example.com', metadata: { leadflowClientId: 'client-42' } });
    await stripe.customers.create({ email: 'other@example.com', metadata: { leadflowClientId: 'client-43' } });
    const found = await stripe.customers.search({ query: "metadata['leadflowClientId']:'client-42'" });
    expect(found.data.map((x) => x.id)).toEqual([c.id]);
  });
});
