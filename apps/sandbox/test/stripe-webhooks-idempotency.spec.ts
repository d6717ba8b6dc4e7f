import Stripe from 'stripe';
import type { RunningSandbox } from '../src';
import { control, objectIdOf, rejectionOf, startTestSandbox, stripeClient, TestServer, waitFor, WEBHOOK_SECRET } from './helpers';

describe('Stripe emulator: signed webhooks, idempotency, invoices, Checkout', () => {
  let sandbox: RunningSandbox;
  let stripe: Stripe;
  let hooks: TestServer;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    stripe = stripeClient(sandbox);
    hooks = await new TestServer().start();
    sandbox.setStripeWebhook(`${hooks.url}/webhooks/stripe`, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    await sandbox.close();
    await hooks.close();
  });

  describe('webhooks', () => {
    it('delivers a signature that stripe.webhooks.constructEvent accepts, and a tampered body fails it', async () => {
      const customer = await stripe.customers.create({ email: 'hook@example.com' });
      const { raw } = await hooks.waitForEvent('customer.created', (e) => objectIdOf(e) === customer.id);
      const signature = String(raw.headers['stripe-signature']);
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

      const event = stripe.webhooks.constructEvent(raw.body, signature, WEBHOOK_SECRET);
      expect(event.type).toBe('customer.created');
      expect(event.data.object).toMatchObject({ id: customer.id, email: 'hook@example.com' });
      expect(event.request?.id).toMatch(/^req_/);

      const tampered = raw.body.replace('hook@example.com', 'evil@example.com');
      expect(() => stripe.webhooks.constructEvent(tampered, signature, WEBHOOK_SECRET)).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
      expect(() => stripe.webhooks.constructEvent(raw.body, signature, 'whsec_wrong')).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
    });

    it('retries a delivery the endpoint answered with 500, keeping the same event id', async () => {
      let failuresLeft = 2;
      hooks.respond = (r) => {
        const e = JSON.parse(r.body) as Stripe.Event;
        if (e.type === 'customer.updated' && failuresLeft > 0) {
          failuresLeft -= 1;
          return { status: 500, body: 'boom' };
        }
        return { status: 200, body: '{}' };
      };
      try {
        const c = await stripe.customers.create({ email: 'retry@example.com' });
        await stripe.customers.update(c.id, { metadata: { tier: 'gold' } });
        const deliveries = await waitFor(
          () => {
            const got = hooks.events().filter((x) => x.event.type === 'customer.updated' && objectIdOf(x.event) === c.id);
            return got.length >= 3 ? got : undefined;
          },
          5000,
          'three deliveries',
        );
        expect(new Set(deliveries.map((d) => d.event.id)).size).toBe(1);
        const update = deliveries[0].event as Stripe.CustomerUpdatedEvent;
        expect(update.data.previous_attributes).toEqual({ metadata: {} });
      } finally {
        hooks.respond = () => ({ status: 200, body: '{}' });
      }
    });

    it('lists and retrieves events through the API', async () => {
      const c = await stripe.customers.create({ email: 'events@example.com' });
      const list = await stripe.events.list({ type: 'customer.created', limit: 100 });
      const mine = list.data.find((e) => e.type === 'customer.created' && objectIdOf(e) === c.id);
      expect(mine).toBeDefined();
      const one = await stripe.events.retrieve(mine?.id ?? '');
      expect(one.id).toBe(mine?.id);
    });

    it('redelivers events shuffled and duplicated on request (for reliability tests)', async () => {
      const c = await stripe.customers.create({ email: 'batch@example.com' });
      await stripe.customers.update(c.id, { name: 'Batch Ltd' });
      const events = [...(await stripe.events.list({ limit: 100 })).data].filter(
        (e) => e.type.startsWith('customer.') && objectIdOf(e) === c.id,
      );
      expect(events).toHaveLength(2);
      const before = hooks.received.length;
      const { json } = await control<{ order: string[]; deliveries: { ok: boolean }[] }>(sandbox, 'POST', '/stripe/events/deliver-batch', {
        ids: events.map((e) => e.id),
        shuffle: true,
        duplicates: { min: 2, max: 3 },
        seed: 7,
      });
      expect(json.order.length).toBeGreaterThanOrEqual(4);
      expect(json.deliveries.every((d) => d.ok)).toBe(true);
      expect(hooks.received.length - before).toBe(json.order.length);
      for (const r of hooks.received.slice(before)) {
        expect(() => stripe.webhooks.constructEvent(r.body, String(r.headers['stripe-signature']), WEBHOOK_SECRET)).not.toThrow();
      }
    });
  });

  describe('held deliveries', () => {
    afterEach(async () => {
      await control(sandbox, 'POST', '/stripe/webhooks/release', { deliver: false });
    });

    it('records events without sending them while held, then delivers a chosen order with duplicates, signed', async () => {
      const held = await control<{ holding: boolean; held: string[] }>(sandbox, 'POST', '/stripe/webhooks/hold');
      expect(held.json).toEqual({ holding: true, held: [] });
      const before = hooks.received.length;
      const customer = await stripe.customers.create({ email: 'held@example.com' });
      const pi = await stripe.paymentIntents.create({
        amount: 2000,
        currency: 'gbp',
        customer: customer.id,
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      expect(pi.status).toBe('succeeded');
      await control(sandbox, 'POST', '/stripe/webhooks/idle');
      expect(hooks.received.length).toBe(before);

      const state = await control<{ holding: boolean; held: string[] }>(sandbox, 'GET', '/stripe/webhooks/hold');
      expect(state.json.holding).toBe(true);
      const types = await Promise.all(state.json.held.map(async (id) => (await stripe.events.retrieve(id)).type));
      expect(types).toEqual(['customer.created', 'payment_intent.created', 'payment_intent.succeeded']);

      // Newest first, the last one three times: delivered exactly so, two at a time.
      const [created, piCreated, piSucceeded] = state.json.held;
      const order = [piSucceeded, piSucceeded, piCreated, created, piSucceeded];
      const { json } = await control<{ order: string[]; deliveries: { eventId: string; ok: boolean }[] }>(
        sandbox,
        'POST',
        '/stripe/events/deliver-batch',
        {
          ids: order,
          shuffle: false,
          concurrency: 2,
        },
      );
      expect(json.order).toEqual(order);
      expect(json.deliveries.map((d) => d.eventId)).toEqual(order);
      expect(json.deliveries.every((d) => d.ok)).toBe(true);
      const received = hooks.received.slice(before);
      expect(received.map((r) => (JSON.parse(r.body) as Stripe.Event).id).sort()).toEqual([...order].sort());
      for (const r of received) {
        expect(() => stripe.webhooks.constructEvent(r.body, String(r.headers['stripe-signature']), WEBHOOK_SECRET)).not.toThrow();
      }
    });

    it('sends what it held, oldest first, on release — or nothing with deliver: false', async () => {
      await control(sandbox, 'POST', '/stripe/webhooks/hold');
      const a = await stripe.customers.create({ email: 'release-a@example.com' });
      const b = await stripe.customers.create({ email: 'release-b@example.com' });
      const released = await control<{ released: string[]; delivered: boolean }>(sandbox, 'POST', '/stripe/webhooks/release', {});
      expect(released.json.released).toHaveLength(2);
      expect(released.json.delivered).toBe(true);
      await hooks.waitForEvent('customer.created', (e) => objectIdOf(e) === b.id);
      await hooks.waitForEvent('customer.created', (e) => objectIdOf(e) === a.id);
      const delivered = await stripe.events.retrieve(released.json.released[0]);
      expect(delivered.pending_webhooks).toBe(0);

      await control(sandbox, 'POST', '/stripe/webhooks/hold');
      const before = hooks.received.length;
      const c = await stripe.customers.create({ email: 'release-c@example.com' });
      const dropped = await control<{ released: string[]; delivered: boolean }>(sandbox, 'POST', '/stripe/webhooks/release', {
        deliver: false,
      });
      expect(dropped.json).toMatchObject({ delivered: false, released: [expect.stringMatching(/^evt_/)] });
      await control(sandbox, 'POST', '/stripe/webhooks/idle');
      expect(hooks.received.length).toBe(before);
      // Still an event Stripe knows about, and new events flow again.
      expect((await stripe.events.retrieve(dropped.json.released[0])).data.object).toMatchObject({ id: c.id });
      const d = await stripe.customers.create({ email: 'release-d@example.com' });
      await hooks.waitForEvent('customer.created', (e) => objectIdOf(e) === d.id);
    });

    it('refuses a bad concurrency or release body', async () => {
      expect((await control(sandbox, 'POST', '/stripe/events/deliver-batch', { ids: [], concurrency: 0 })).status).toBe(400);
      expect((await control(sandbox, 'POST', '/stripe/webhooks/release', { deliver: 'yes' })).status).toBe(400);
    });
  });

  describe('idempotency', () => {
    it('replays the first response for the same key and parameters', async () => {
      const first = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'cust-create-1' });
      const second = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'cust-create-1' });
      expect(second.id).toBe(first.id);
      expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    });

    it('refuses the same key with different parameters with StripeIdempotencyError', async () => {
      await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'cust-create-2' });
      const err = await rejectionOf(stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'cust-create-2' }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect((err as Stripe.errors.StripeError).statusCode).toBe(400);
    });

    it('creates one object when the same key arrives concurrently', async () => {
      const customer = await stripe.customers.create({ email: 'concurrent@example.com' });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          stripe.paymentIntents.create(
            { amount: 1234, currency: 'gbp', customer: customer.id, payment_method: 'pm_card_visa', confirm: true },
            { idempotencyKey: 'topup:concurrent-1' },
          ),
        ),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      const all = await stripe.paymentIntents.list({ customer: customer.id, limit: 100 });
      expect(all.data).toHaveLength(1);
    });

    it('replays a card decline too, without charging again', async () => {
      const customer = await stripe.customers.create({ email: 'idem-decline@example.com' });
      const params: Stripe.PaymentIntentCreateParams = {
        amount: 500,
        currency: 'gbp',
        customer: customer.id,
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      };
      const e1 = await rejectionOf(stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }));
      const e2 = await rejectionOf(stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }));
      expect((e1 as Stripe.errors.StripeError).payment_intent?.id).toBe((e2 as Stripe.errors.StripeError).payment_intent?.id);
      expect((await stripe.paymentIntents.list({ customer: customer.id })).data).toHaveLength(1);
    });
  });

  describe('invoices', () => {
    it('builds an invoice from items, finalizes it with a hosted URL, pays it and emits invoice.paid', async () => {
      const customer = await stripe.customers.create({ email: 'invoiced@example.com', name: 'Acme Solar Ltd' });
      await stripe.invoiceItems.create({ customer: customer.id, amount: 10000, currency: 'gbp', description: 'Leads — week 1' });
      const invoice = await stripe.invoices.create({
        customer: customer.id,
        collection_method: 'send_invoice',
        days_until_due: 14,
        auto_advance: false,
        pending_invoice_items_behavior: 'include',
        metadata: { leadflowInvoiceId: 'inv-77' },
      });
      expect(invoice.status).toBe('draft');
      expect(invoice.hosted_invoice_url).toBeNull();
      await stripe.invoiceItems.create({
        customer: customer.id,
        invoice: invoice.id,
        quantity: 3,
        unit_amount_decimal: Stripe.Decimal.from(2500),
        currency: 'gbp',
        description: 'Leads — extra',
      });

      const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
      expect(finalized.status).toBe('open');
      expect(finalized.amount_due).toBe(17500);
      expect(finalized.lines.data).toHaveLength(2);
      expect(finalized.number).toMatch(/-0001$/);
      expect(finalized.due_date).toBeGreaterThan(finalized.created);
      expect(finalized.hosted_invoice_url).toBe(`${sandbox.url}/hosted/invoices/${invoice.id}`);
      const page = await fetch(finalized.hosted_invoice_url ?? '');
      expect(await page.text()).toContain('£175.00');
      await hooks.waitForEvent('invoice.finalized', (e) => objectIdOf(e) === invoice.id);

      await stripe.invoices.sendInvoice(invoice.id);
      await hooks.waitForEvent('invoice.sent', (e) => objectIdOf(e) === invoice.id);

      const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
      expect(paid.status).toBe('paid');
      expect(paid.amount_paid).toBe(17500);
      expect(paid.amount_remaining).toBe(0);
      const { event, raw } = await hooks.waitForEvent('invoice.paid', (e) => objectIdOf(e) === invoice.id);
      expect(stripe.webhooks.constructEvent(raw.body, String(raw.headers['stripe-signature']), WEBHOOK_SECRET).id).toBe(event.id);
      expect(event.data.object).toMatchObject({ metadata: { leadflowInvoiceId: 'inv-77' }, amount_paid: 17500 });

      const found = await stripe.invoices.search({ query: "metadata['leadflowInvoiceId']:'inv-77'" });
      expect(found.data.map((i) => i.id)).toEqual([invoice.id]);
      const listed = await stripe.invoices.list({ customer: customer.id, status: 'paid' });
      expect(listed.data.map((i) => i.id)).toEqual([invoice.id]);
    });

    it('reports a declined invoice payment as StripeCardError and emits invoice.payment_failed; void closes it', async () => {
      const customer = await stripe.customers.create({ email: 'declined-invoice@example.com' });
      const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
      await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 900, currency: 'gbp' });
      await stripe.invoices.finalizeInvoice(invoice.id);
      const err = await rejectionOf(stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
      await hooks.waitForEvent('invoice.payment_failed', (e) => objectIdOf(e) === invoice.id);
      expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
      const voided = await stripe.invoices.voidInvoice(invoice.id);
      expect(voided.status).toBe('void');
      await hooks.waitForEvent('invoice.voided', (e) => objectIdOf(e) === invoice.id);
    });

    it('emails the hosted invoice link to the customer when the invoice is sent', async () => {
      const customer = await stripe.customers.create({ email: 'mailme@example.com' });
      const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
      await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 4200, currency: 'gbp' });
      const open = await stripe.invoices.finalizeInvoice(invoice.id);
      await stripe.invoices.sendInvoice(invoice.id);
      const { json } = await control<{ data: { subject: string; links: string[] }[] }>(sandbox, 'GET', '/mail?to=mailme@example.com');
      expect(json.data[0].links).toContain(open.hosted_invoice_url);
    });
  });

  describe('Checkout (setup mode)', () => {
    it('creates a session with a hosted URL and expands its SetupIntent', async () => {
      const customer = await stripe.customers.create({ email: 'checkout@example.com' });
      const session = await stripe.checkout.sessions.create({
        mode: 'setup',
        customer: customer.id,
        currency: 'gbp',
        success_url: 'https://app.example/billing/success?session_id={CHECKOUT_SESSION_ID}',
        cancel_url: 'https://app.example/billing/cancel',
        metadata: { clientId: 'c9' },
      });
      expect(session.url).toBe(`${sandbox.url}/hosted/checkout/${session.id}`);
      expect(session.status).toBe('open');
      const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
      const si = expanded.setup_intent as Stripe.SetupIntent;
      expect(si.object).toBe('setup_intent');
      expect(si.status).toBe('requires_payment_method');
    });

    it('rejects payment mode (not emulated) with a clear invalid request error', async () => {
      const err = await rejectionOf(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://x.example' }));
      expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    });
  });
});
