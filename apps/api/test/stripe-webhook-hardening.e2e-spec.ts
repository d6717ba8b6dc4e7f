import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { LedgerService } from '../src/billing/ledger.service';
import { WeeklyInvoicesService } from '../src/billing/weekly-invoices.service';
import { ClientIdempotencyKeys1796286028515 } from '../src/core/database/migrations/1796286028515-client-idempotency-keys';
import {
  answerThreeDSecure,
  bearer,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  onboardBillable,
  useTestCard,
  type IndustryBody,
} from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { newUser, TestApp } from './utils/test-app';
import { until } from './utils/until';

/**
 * Money moves only by the Stripe object a payment stored, as Stripe has it now: a validly signed
 * event naming someone else's object, or an object Stripe does not know, moves nothing and never
 * answers 5xx (Stripe would retry it for three days).
 */
describe('Stripe webhooks and card routes, hardened', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let stripe: Stripe;
  let ledger: LedgerService;
  let weekly: WeeklyInvoicesService;
  // Monday 16 Nov 2026, 09:00 in London: the weekly run invoices Mon 9 – Sun 15 Nov.
  const runAt = new Date('2026-11-16T09:00:00Z');

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    stripe = new Stripe('sk_test_leadflow', {
      host: '127.0.0.1',
      port: Number(new URL(t.sandbox.url).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    ledger = t.app.get(LedgerService);
    weekly = t.app.get(WeeklyInvoicesService);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Posts a body signed with our webhook secret, exactly as Stripe would. */
  const signed = (body: unknown) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: t.config.stripe.webhookSecret.reveal() });
    return t
      .http()
      .post('/api/billing/stripe/webhook')
      .set('Stripe-Signature', signature)
      .set('Content-Type', 'application/json')
      .send(payload);
  };
  const event = (type: string, object: Record<string, unknown>) => ({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });

  const topUp = (token: string, amount: number, key: string = randomUUID()) =>
    t.http().post('/api/billing/top-ups').set(bearer(token)).set('Idempotency-Key', key).send({ amount });
  const paymentStatus = (token: string, id: string) =>
    t
      .http()
      .get(`/api/billing/payments/${id}`)
      .set(bearer(token))
      .then((r) => r.body.status as string);

  /** Everything a Stripe event could move, for one client. */
  async function snapshot(clientId: string) {
    const [account] = await t.db.query(`SELECT balance::int AS balance FROM credit_accounts WHERE client_id = $1`, [clientId]);
    const ledgerRows = await t.db.query(`SELECT cause, amount FROM ledger_entries WHERE client_id = $1 ORDER BY cause`, [clientId]);
    const payments = await t.db.query(
      `SELECT id, status, stripe_payment_intent_id, stripe_invoice_id FROM payments WHERE client_id = $1 ORDER BY id`,
      [clientId],
    );
    const cards = await t.db.query(
      `SELECT stripe_payment_method_id, is_default FROM payment_methods WHERE client_id = $1 ORDER BY stripe_payment_method_id`,
      [clientId],
    );
    return { balance: (account?.balance as number | undefined) ?? 0, ledger: ledgerRows, payments, cards };
  }

  /** A fresh PaymentMethod from Stripe's "always authenticate" test card as the client's default card. */
  async function useThreeDSecureCard(clientId: string): Promise<void> {
    const card = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000002760003184', exp_month: 12, exp_year: 2034, cvc: '123' },
    });
    await useTestCard(t, clientId, card.id);
  }

  async function customerOf(clientId: string): Promise<string> {
    return (await t.db.query(`SELECT stripe_customer_id FROM clients WHERE id = $1`, [clientId]))[0].stripe_customer_id as string;
  }

  it('still settles a 3-D Secure top-up from its own webhook (the rule does not stop the real thing)', async () => {
    const c = await onboardBillable(t, industry.id);
    await useThreeDSecureCard(c.clientId);
    const res = (await topUp(c.token, 1_000).expect(201)).body;
    await answerThreeDSecure(res.nextActionUrl, 'complete');
    await until(
      'the payment to succeed',
      () => paymentStatus(c.token, res.id),
      (s) => s === 'succeeded',
    );
    await waitForQueuesToDrain(t.queues());
    expect((await snapshot(c.clientId)).balance).toBe(1_000);
  });

  describe('point 8: a payment is settled only by its own Stripe object', () => {
    it('does not credit A’s pending payment from B’s succeeded PaymentIntent carrying A’s payment id in its metadata', async () => {
      const a = await onboardBillable(t, industry.id);
      const b = await onboardBillable(t, industry.id);
      // B pays £20 (charged £24): its PaymentIntent succeeds.
      const paidByB = (await topUp(b.token, 2_000).expect(201)).body;
      await until(
        'B’s payment to succeed',
        () => paymentStatus(b.token, paidByB.id),
        (s) => s === 'succeeded',
      );
      const bIntent = (await t.db.query(`SELECT stripe_payment_intent_id FROM payments WHERE id = $1`, [paidByB.id]))[0]
        .stripe_payment_intent_id as string;
      // A has a £20 top-up waiting on 3-D Secure (its own PaymentIntent, requires_action).
      await useThreeDSecureCard(a.clientId);
      const pendingA = (await topUp(a.token, 2_000).expect(201)).body;
      expect(pendingA.status).toBe('requires_action');
      await waitForQueuesToDrain(t.queues());
      const beforeA = await snapshot(a.clientId);
      const beforeB = await snapshot(b.clientId);

      const forged = event('payment_intent.succeeded', {
        id: bIntent,
        object: 'payment_intent',
        status: 'succeeded',
        amount: 2_400,
        currency: 'gbp',
        metadata: { paymentId: pendingA.id, clientId: a.clientId, kind: 'manual_top_up' },
      });
      const res = await signed(forged);
      expect(res.status).toBe(200);
      await waitForQueuesToDrain(t.queues());

      expect(await paymentStatus(a.token, pendingA.id)).toBe('requires_action');
      expect(await snapshot(a.clientId)).toEqual(beforeA);
      expect(await snapshot(b.clientId)).toEqual(beforeB);
      expect(beforeA.balance).toBe(0);
    });

    it('does not credit a payment with no PaymentIntent yet from another client’s intent naming it', async () => {
      const a = await onboardBillable(t, industry.id);
      const b = await onboardBillable(t, industry.id);
      const paidByB = (await topUp(b.token, 1_000).expect(201)).body;
      await until(
        'B’s payment to succeed',
        () => paymentStatus(b.token, paidByB.id),
        (s) => s === 'succeeded',
      );
      const bIntent = (await t.db.query(`SELECT stripe_payment_intent_id FROM payments WHERE id = $1`, [paidByB.id]))[0]
        .stripe_payment_intent_id as string;
      // A payment of A's that never reached Stripe (as a killed job leaves it).
      const [row] = await t.db.query(
        `INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, idempotency_key) VALUES ($1, 'manual_top_up', 'pending', 1000, 200, 1200, 2000, $2) RETURNING id`,
        [a.clientId, `client:${randomUUID()}`],
      );
      const beforeA = await snapshot(a.clientId);
      const beforeB = await snapshot(b.clientId);
      const res = await signed(
        event('payment_intent.succeeded', {
          id: bIntent,
          object: 'payment_intent',
          status: 'succeeded',
          metadata: { paymentId: row.id, clientId: a.clientId },
        }),
      );
      expect(res.status).toBe(200);
      await waitForQueuesToDrain(t.queues());
      expect(await snapshot(a.clientId)).toEqual(beforeA);
      expect(await snapshot(b.clientId)).toEqual(beforeB);
    });

    it('adopts an intent no payment stored only when Stripe’s own copy names that payment and agrees with it', async () => {
      const a = await onboardBillable(t, industry.id);
      const b = await onboardBillable(t, industry.id);
      // Payments of A's whose job died after Stripe made the intent, before we stored its id.
      const unsettled = async () =>
        (
          await t.db.query(
            `INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, idempotency_key) VALUES ($1, 'manual_top_up', 'pending', 1000, 200, 1200, 2000, $2) RETURNING id`,
            [a.clientId, `client:${randomUUID()}`],
          )
        )[0].id as string;
      const charge = (paymentId: string, customer: string, amount: number) =>
        stripe.paymentIntents.create({
          amount,
          currency: 'gbp',
          customer,
          payment_method: 'pm_card_visa',
          confirm: true,
          return_url: 'http://app.test/x',
          metadata: { paymentId, clientId: a.clientId, kind: 'manual_top_up' },
        });
      const wrongAmount = await unsettled();
      const wrongCustomer = await unsettled();
      const good = await unsettled();
      const intents = [
        await charge(wrongAmount, await customerOf(a.clientId), 1_300),
        await charge(wrongCustomer, await customerOf(b.clientId), 1_200),
        await charge(good, await customerOf(a.clientId), 1_200),
      ];
      for (const intent of intents)
        expect((await signed(event('payment_intent.succeeded', { id: intent.id, object: 'payment_intent' }))).status).toBe(200);
      await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
      await waitForQueuesToDrain(t.queues());
      const rows = await t.db.query(`SELECT id, status, stripe_payment_intent_id FROM payments WHERE id = ANY($1) ORDER BY id`, [
        [wrongAmount, wrongCustomer, good],
      ]);
      expect(
        Object.fromEntries(
          rows.map((r: { id: string; status: string; stripe_payment_intent_id: string | null }) => [
            r.id,
            [r.status, r.stripe_payment_intent_id],
          ]),
        ),
      ).toEqual({
        [wrongAmount]: ['pending', null],
        [wrongCustomer]: ['pending', null],
        [good]: ['succeeded', intents[2]!.id],
      });
      const after = await snapshot(a.clientId);
      expect(after.balance).toBe(1_000);
      expect(after.ledger).toEqual([{ cause: `payment:${good}`, amount: '1000' }]);
    });

    it('moves nothing when the intent a payment stored disagrees with it (another customer, or another amount)', async () => {
      const a = await onboardBillable(t, industry.id);
      const b = await onboardBillable(t, industry.id);
      await useThreeDSecureCard(a.clientId);
      const pendingA = (await topUp(a.token, 1_000).expect(201)).body;
      expect(pendingA.status).toBe('requires_action');
      // A succeeded intent on A's own customer, naming A's payment, but for £1,000 instead of £12.
      const wrongAmount = await stripe.paymentIntents.create({
        amount: 100_000,
        currency: 'gbp',
        customer: await customerOf(a.clientId),
        payment_method: 'pm_card_visa',
        confirm: true,
        return_url: 'http://app.test/x',
        metadata: { paymentId: pendingA.id, clientId: a.clientId },
      });
      expect(wrongAmount.status).toBe('succeeded');
      // A succeeded intent for the same amount on B's customer, naming A's payment.
      const otherCustomer = await stripe.paymentIntents.create({
        amount: 1_200,
        currency: 'gbp',
        customer: await customerOf(b.clientId),
        payment_method: 'pm_card_visa',
        confirm: true,
        return_url: 'http://app.test/x',
        metadata: { paymentId: pendingA.id, clientId: a.clientId },
      });
      expect(otherCustomer.status).toBe('succeeded');
      await waitForQueuesToDrain(t.queues());
      for (const intent of [wrongAmount, otherCustomer]) {
        // As if the stored id had been swapped: the payment's intent must still agree with it.
        await t.db.query(`UPDATE payments SET stripe_payment_intent_id = $2 WHERE id = $1`, [pendingA.id, intent.id]);
        const before = await snapshot(a.clientId);
        expect((await signed(event('payment_intent.succeeded', { id: intent.id, object: 'payment_intent' }))).status).toBe(200);
        await waitForQueuesToDrain(t.queues());
        expect(await snapshot(a.clientId)).toEqual(before);
        expect(await paymentStatus(a.token, pendingA.id)).toBe('requires_action');
      }
    });

    it('settles a weekly invoice only from its own invoice as Stripe has it now', async () => {
      const a = await onboardBillable(t, industry.id);
      const b = await onboardBillable(t, industry.id);
      for (const c of [a, b]) {
        await t
          .http()
          .put(`/api/admin/clients/${c.clientId}/credit-terms`)
          .set(bearer(admin))
          .send({ weeklyTerms: true, creditLimit: 100_000 })
          .expect(200);
        const r = await ledger.charge({
          clientId: c.clientId,
          amount: 2_500,
          cause: `delivery:hardening-${c.clientId}`,
          meta: { industryName: 'Solar panels' },
        });
        if (r.outcome !== 'applied') throw new Error(`charge ${r.outcome}`);
        await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-10T12:00:00Z' WHERE id = $1`, [r.entry.id]);
      }
      await weekly.run(runAt);
      const invoiceOf = async (clientId: string) =>
        (
          await t.db.query(`SELECT id, stripe_invoice_id FROM payments WHERE client_id = $1 AND kind = 'weekly_request'`, [clientId])
        )[0] as { id: string; stripe_invoice_id: string };
      const invA = await invoiceOf(a.clientId);
      const invB = await invoiceOf(b.clientId);
      expect(invA.stripe_invoice_id).toMatch(/^in_/);
      await stripe.invoices.pay(invB.stripe_invoice_id, { payment_method: 'pm_card_visa' });
      await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
      await until(
        'B’s invoice to be paid',
        () => t.db.query(`SELECT status FROM payments WHERE id = $1`, [invB.id]).then((r) => r[0].status as string),
        (s) => s === 'succeeded',
      );
      await waitForQueuesToDrain(t.queues());
      const beforeA = await snapshot(a.clientId);
      const beforeB = await snapshot(b.clientId);

      // B's paid invoice, with A's payment in the event's metadata.
      expect(
        (
          await signed(
            event('invoice.paid', {
              id: invB.stripe_invoice_id,
              object: 'invoice',
              status: 'paid',
              metadata: { paymentId: invA.id, clientId: a.clientId },
            }),
          )
        ).status,
      ).toBe(200);
      // A's own invoice, claimed paid by the event while Stripe still has it open.
      expect(
        (
          await signed(
            event('invoice.paid', {
              id: invA.stripe_invoice_id,
              object: 'invoice',
              status: 'paid',
              metadata: { paymentId: invA.id, clientId: a.clientId },
            }),
          )
        ).status,
      ).toBe(200);
      await waitForQueuesToDrain(t.queues());
      expect(await snapshot(a.clientId)).toEqual(beforeA);
      expect(await snapshot(b.clientId)).toEqual(beforeB);
      expect(beforeA.payments.find((p: { id: string }) => p.id === invA.id)?.status).toBe('pending');
    });

    it('attaches no card from a setup intent Stripe does not know, even one naming the client’s customer and a card on it', async () => {
      const a = await onboardBillable(t, industry.id);
      const pm = await stripe.paymentMethods.create({
        type: 'card',
        card: { number: '5555555555554444', exp_month: 12, exp_year: 2034, cvc: '123' },
      });
      await stripe.paymentMethods.attach(pm.id, { customer: await customerOf(a.clientId) });
      const before = await snapshot(a.clientId);
      const res = await signed(
        event('setup_intent.succeeded', {
          id: 'seti_forged000000',
          object: 'setup_intent',
          status: 'succeeded',
          customer: await customerOf(a.clientId),
          payment_method: pm.id,
        }),
      );
      expect(res.status).toBe(200);
      expect(await snapshot(a.clientId)).toEqual(before);
    });
  });

  describe('point 9: signed bodies that are not ours answer 2xx or 400, never 5xx, and change nothing', () => {
    it('answers 400 naming the problem for bodies that are not Stripe events', async () => {
      const c = await onboardBillable(t, industry.id);
      const before = await snapshot(c.clientId);
      const events = await t.db.query(`SELECT count(*)::int AS n FROM stripe_events`);
      const cases: Array<[unknown, RegExp]> = [
        [{}, /Not a Stripe event: `id`/],
        [[], /Not a Stripe event: the body is not a JSON object/],
        [{ id: 'evt_nulldata', object: 'event', type: 'payment_intent.succeeded', data: null }, /Not a Stripe event: `data.object`/],
        [{ id: 'evt_noobject', object: 'event', type: 'invoice.paid', data: {} }, /Not a Stripe event: `data.object`/],
        [
          { id: 'evt_objectid', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 42 } } },
          /Not a Stripe event: `data.object.id`/,
        ],
        [{ id: 'evt_notype', object: 'event', data: { object: { id: 'pi_x' } } }, /Not a Stripe event: `type`/],
      ];
      for (const [body, message] of cases) {
        const res = await signed(body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
        expect(res.body.message).toMatch(message);
      }
      expect(await t.db.query(`SELECT count(*)::int AS n FROM stripe_events`)).toEqual(events);
      expect(await snapshot(c.clientId)).toEqual(before);
    });

    it('acknowledges (2xx) and ignores events naming objects that are not ours or that Stripe does not know', async () => {
      const c = await onboardBillable(t, industry.id);
      // A payment whose stored PaymentIntent Stripe answers 404 for: Stripe's follow-up read says "not ours".
      await useThreeDSecureCard(c.clientId);
      const pending = (await topUp(c.token, 1_000).expect(201)).body;
      await t.db.query(`UPDATE payments SET stripe_payment_intent_id = 'pi_gone00000000000' WHERE id = $1`, [pending.id]);
      await waitForQueuesToDrain(t.queues());
      const before = await snapshot(c.clientId);
      const bodies = [
        event('payment_intent.succeeded', {
          id: 'pi_unknown0000000',
          object: 'payment_intent',
          status: 'succeeded',
          metadata: { paymentId: pending.id },
        }),
        event('payment_intent.succeeded', { id: 'pi_gone00000000000', object: 'payment_intent', status: 'succeeded' }),
        event('payment_intent.payment_failed', { id: 'pi_unknown0000001', object: 'payment_intent' }),
        event('checkout.session.completed', { id: 'cs_test_unknown000', object: 'checkout.session', mode: 'setup', status: 'complete' }),
        event('setup_intent.succeeded', { id: 'seti_unknown00000', object: 'setup_intent', status: 'succeeded' }),
        event('invoice.paid', { id: 'in_unknown0000000', object: 'invoice', status: 'paid', metadata: { paymentId: pending.id } }),
        event('customer.created', { id: 'cus_whatever', object: 'customer' }),
      ];
      for (const body of bodies) {
        const res = await signed(body);
        expect([body.type, body.data.object.id, res.status]).toEqual([body.type, body.data.object.id, 200]);
      }
      await waitForQueuesToDrain(t.queues());
      expect(await snapshot(c.clientId)).toEqual(before);
      expect(await paymentStatus(c.token, pending.id)).toBe('requires_action');
    });

    it('answers 404 on both card-confirm routes for a Checkout Session Stripe does not know', async () => {
      const c = await onboardBillable(t, industry.id);
      const before = await snapshot(c.clientId);
      for (const url of ['/api/onboarding/card/confirm', '/api/billing/payment-methods/confirm']) {
        const res = await t.http().post(url).set(bearer(c.token)).send({ sessionId: 'cs_test_doesnotexist000' });
        expect([url, res.status, res.body.message]).toEqual([url, 404, 'No card setup with that id for this account']);
      }
      expect(await snapshot(c.clientId)).toEqual(before);
    });
  });

  describe('point 12: only owners add cards, during sign-up and after', () => {
    async function joinAsMember(ownerToken: string): Promise<string> {
      const person = newUser();
      const invite = (
        await t.http().post('/api/team/invites').set(bearer(ownerToken)).send({ email: person.email, role: 'member' }).expect(201)
      ).body as { url: string };
      const token = new URL(invite.url).searchParams.get('team')!;
      const reg = (
        await t
          .http()
          .post('/api/auth/register')
          .send({ ...person, teamInviteToken: token })
          .expect(201)
      ).body;
      expect(reg.user.clientRole).toBe('member');
      return reg.accessToken as string;
    }

    it('refuses a member (403) on the onboarding card routes, as on the billing ones', async () => {
      const owner = await onboardBillable(t, industry.id);
      const member = await joinAsMember(owner.token);
      // A session the owner opened and completed: the member may not save it either.
      const { url } = (await t.http().post('/api/billing/payment-methods/checkout-session').set(bearer(owner.token)).expect(201)).body as {
        url: string;
      };
      const sessionId = await completeHostedCardPage(url, '5555555555554444');
      await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
      await until(
        'Stripe’s webhook to store the owner’s second card',
        () => snapshot(owner.clientId),
        (s) => s.cards.length === 2,
      );
      const before = await snapshot(owner.clientId);
      const calls: Array<[string, Record<string, string>]> = [
        ['/api/onboarding/card/checkout-session', {}],
        ['/api/onboarding/card/confirm', { sessionId }],
        ['/api/billing/payment-methods/checkout-session', {}],
        ['/api/billing/payment-methods/confirm', { sessionId }],
      ];
      for (const [path, body] of calls) {
        const res = await t.http().post(path).set(bearer(member)).send(body);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body.message).toMatch(/Only the account’s owner/);
      }
      expect(await snapshot(owner.clientId)).toEqual(before);
    });

    it('marks every route that changes cards or billing owner-only in the OpenAPI document', async () => {
      const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, { operationId: string; 'x-owner-only'?: boolean }>>;
      };
      // Sending an issued invoice's email again changes nothing: members may.
      const readLike = new Set(['resendInvoice']);
      const changing = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/billing/') || path.startsWith('/api/onboarding/card'))
        .flatMap(([path, ops]) =>
          Object.entries(ops)
            .filter(([method]) => method !== 'get')
            .map(([method, op]) => ({ path, method, op })),
        )
        .filter(({ op }) => !readLike.has(op.operationId));
      expect(changing.length).toBeGreaterThanOrEqual(8);
      expect(changing.filter(({ op }) => op['x-owner-only'] !== true).map(({ method, path }) => `${method} ${path}`)).toEqual([]);
    });
  });

  describe('point 13: client Idempotency-Keys live apart from the system’s', () => {
    it('still creates the weekly invoice after a top-up used the key the weekly run will use', async () => {
      const c = await onboardBillable(t, industry.id);
      await t
        .http()
        .put(`/api/admin/clients/${c.clientId}/credit-terms`)
        .set(bearer(admin))
        .send({ weeklyTerms: true, creditLimit: 100_000 })
        .expect(200);
      const r = await ledger.charge({
        clientId: c.clientId,
        amount: 2_500,
        cause: `delivery:hardening-key-${c.clientId}`,
        meta: { industryName: 'Solar panels' },
      });
      if (r.outcome !== 'applied') throw new Error(`charge ${r.outcome}`);
      await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-10T12:00:00Z' WHERE id = $1`, [r.entry.id]);

      const systemKey = `weekly:${c.clientId}:2026-11-09`;
      const top = (await topUp(c.token, 1_000, systemKey).expect(201)).body;
      // The same key again is still the same top-up for the client.
      expect((await topUp(c.token, 1_000, systemKey).expect(201)).body.id).toBe(top.id);

      const { invoiced } = await weekly.run(runAt);
      const [invoice] = await t.db.query(
        `SELECT id, status, net_amount, stripe_invoice_id FROM payments WHERE client_id = $1 AND kind = 'weekly_request'`,
        [c.clientId],
      );
      expect(invoice).toMatchObject({ status: 'pending', net_amount: 2_500, stripe_invoice_id: expect.stringMatching(/^in_/) });
      expect(invoiced).toContain(invoice.id);
      await waitForQueuesToDrain(t.queues());
    });

    it('moves top-ups stored before the change into the client namespace, so a retried request still finds its payment', async () => {
      const c = await onboardBillable(t, industry.id);
      const top = (await topUp(c.token, 1_000, 'legacy-key-0001').expect(201)).body;
      await waitForQueuesToDrain(t.queues());
      // As the row was stored before the upgrade: the bare key.
      await t.db.query(`UPDATE payments SET idempotency_key = 'legacy-key-0001' WHERE id = $1`, [top.id]);
      const runner = t.db.createQueryRunner();
      try {
        await new ClientIdempotencyKeys1796286028515().up(runner);
      } finally {
        await runner.release();
      }
      expect((await t.db.query(`SELECT idempotency_key FROM payments WHERE id = $1`, [top.id]))[0].idempotency_key).toBe(
        'client:legacy-key-0001',
      );
      expect((await topUp(c.token, 1_000, 'legacy-key-0001').expect(201)).body.id).toBe(top.id);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE client_id = $1`, [c.clientId]))[0].n).toBe(1);
    });
  });
});
