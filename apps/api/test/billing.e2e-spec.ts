import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import {
  bearer,
  connectXero,
  createAdmin,
  createIndustry,
  onboardBillable,
  registerClient,
  businessDetails,
  leadPreferences,
  type IndustryBody,
} from './utils/actors';
import { pdfText } from './utils/pdf-text';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

interface Ledgerish {
  balance: number;
  ledgerSum: number;
}

async function balances(t: TestApp, clientId: string): Promise<Ledgerish> {
  const [row] = await t.db.query(
    `SELECT a.balance::int AS balance, COALESCE((SELECT sum(amount) FROM ledger_entries e WHERE e.client_id = a.client_id), 0)::int AS "ledgerSum" FROM credit_accounts a WHERE a.client_id = $1`,
    [clientId],
  );
  return row as Ledgerish;
}

/** Points the client's default card at a Stripe test card (the sandbox honours Stripe's pm_card_* tokens). */
async function useTestCard(t: TestApp, clientId: string, token: string): Promise<void> {
  await t.db.query(`UPDATE payment_methods SET stripe_payment_method_id = $2 WHERE client_id = $1 AND is_default`, [clientId, token]);
}

describe('billing', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await TestApp.create({
      env: {
        TOP_UP_MIN: '1000',
        TOP_UP_MAX: '500000',
        AUTO_CHARGE_BACKOFF_MINUTES: '60',
        COMPANY_NAME: 'LeadFlow Trading Ltd',
        COMPANY_ADDRESS: '10 Market Street, Bristol, BS1 1AA',
        COMPANY_VAT_NUMBER: 'GB123456789',
      },
    });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t.close();
  });

  const topUp = (token: string, amount: unknown, key: string | null = randomUUID()) => {
    const req = t.http().post('/api/billing/top-ups').set(bearer(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ amount });
  };

  it('tops up £50 with VAT on top: charges £60, credits £50 once, and mirrors it in Xero once', async () => {
    const c = await onboardBillable(t, industry.id);
    const res = await topUp(c.token, 5_000).expect(201);
    expect(res.body).toMatchObject({ kind: 'manual_top_up', netAmount: 5_000, vatAmount: 1_000, grossAmount: 6_000, vatRateBps: 2_000 });
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${res.body.id}`)
          .set(bearer(c.token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    await waitForQueuesToDrain(t.queues());
    const summary = (await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body;
    expect(summary).toMatchObject({ balance: 5_000, creditLimit: 0, currency: 'GBP' });
    expect(await balances(t, c.clientId)).toEqual({ balance: 5_000, ledgerSum: 5_000 });

    const receipts = await t.inbox.waitFor(c.email, 2); // welcome + receipt
    const receipt = receipts.find((m) => m.subject.startsWith('Receipt'))!;
    expect(receipt.text).toContain('Credit: £50.00');
    expect(receipt.text).toContain('VAT (20%): £10.00');
    expect(receipt.text).toContain('Total charged: £60.00');

    const payment = (await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [res.body.id]))[0];
    expect(payment.xero_invoice_id).toMatch(/^[0-9a-f-]{36}$/);
    const state = (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as {
      xero: { invoices: Array<{ Reference: string; LineItems: Array<{ UnitAmount: number; TaxType: string; AccountCode: string }> }> };
    };
    const invoices = state.xero.invoices.filter((i) => i.Reference === res.body.id);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!.LineItems[0]).toMatchObject({ UnitAmount: 50, TaxType: 'OUTPUT2', AccountCode: '200' });

    const events = await t.db.query(
      `SELECT type FROM outbox_events WHERE client_id = $1 AND type IN ('credits.topped_up', 'client.signed_up_with_credits') ORDER BY created_at`,
      [c.clientId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['credits.topped_up', 'client.signed_up_with_credits']);
  });

  it('gives a paid top-up a VAT receipt (page and PDF) numbered as its Xero invoice, linked from the receipt email; none for others', async () => {
    const c = await onboardBillable(t, industry.id);
    const paid = (await topUp(c.token, 12_500).expect(201)).body as { id: string };
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${paid.id}`)
          .set(bearer(c.token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    await waitForQueuesToDrain(t.queues());
    const state = (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as {
      xero: { invoices: Array<{ Reference: string; InvoiceNumber: string }> };
    };
    const xeroNumber = state.xero.invoices.find((i) => i.Reference === paid.id)!.InvoiceNumber;
    expect(xeroNumber).toMatch(/^INV-\d+$/);

    const receipt = (await t.http().get(`/api/billing/payments/${paid.id}/receipt`).set(bearer(c.token)).expect(200)).body;
    expect(receipt).toMatchObject({
      paymentId: paid.id,
      title: 'VAT receipt',
      number: xeroNumber,
      currency: 'GBP',
      seller: { name: 'LeadFlow Trading Ltd', address: ['10 Market Street', 'Bristol', 'BS1 1AA'], vatNumber: 'GB123456789' },
      buyer: { address: ['1 High Street', 'London', 'SW1A 1AA'] },
      lines: [{ description: 'LeadFlow credits', netAmount: 12_500, vatRateBps: 2_000, vatAmount: 2_500, grossAmount: 15_000 }],
      netAmount: 12_500,
      vatAmount: 2_500,
      grossAmount: 15_000,
    });
    expect(receipt.buyer.name).toMatch(/^Acme Solar .* Ltd$/);
    expect(receipt.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const pdf = await t
      .http()
      .get(`/api/billing/payments/${paid.id}/receipt.pdf`)
      .set(bearer(c.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="leadflow-receipt-${xeroNumber}.pdf"`);
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(body);
    expect(text).toEqual(
      expect.arrayContaining([
        'VAT receipt',
        `Number ${xeroNumber}`,
        'LeadFlow Trading Ltd',
        '10 Market Street',
        'VAT number GB123456789',
        receipt.buyer.name,
        'SW1A 1AA',
        'LeadFlow credits',
        '£125.00',
        'VAT 20%',
        '£25.00',
        '£150.00',
      ]),
    );
    // Admins can fetch the same document for the client.
    await t.http().get(`/api/admin/clients/${c.clientId}/payments/${paid.id}/receipt.pdf`).set(bearer(admin)).expect(200);

    const email = (await t.inbox.waitFor(c.email, 2)).find((m) => m.subject.startsWith('Receipt'))!;
    expect(email.text).toContain(`/billing/receipts/${paid.id}`);
    expect(email.html).toContain(`/billing/receipts/${paid.id}`);

    // Another client's payment is not found; a payment that failed has no receipt.
    const other = await onboardBillable(t, industry.id);
    const notMine = await t.http().get(`/api/billing/payments/${paid.id}/receipt.pdf`).set(bearer(other.token)).expect(404);
    expect(notMine.body.message).toBe('No payment with that id');
    await useTestCard(t, other.clientId, 'pm_card_chargeDeclinedIncorrectCvc');
    const failed = (await topUp(other.token, 5_000).expect(201)).body as { id: string; status: string };
    expect(failed.status).toBe('failed');
    const refused = await t.http().get(`/api/billing/payments/${failed.id}/receipt`).set(bearer(other.token)).expect(409);
    expect(refused.body.message).toBe('This payment did not go through, so there is no receipt for it');
  });

  it('replays a top-up for the same Idempotency-Key and refuses the key for another amount', async () => {
    const c = await onboardBillable(t, industry.id);
    const key = randomUUID();
    const first = (await topUp(c.token, 2_000, key).expect(201)).body;
    const again = (await topUp(c.token, 2_000, key).expect(201)).body;
    expect(again.id).toBe(first.id);
    const other = await topUp(c.token, 3_000, key).expect(409);
    expect(other.body.message).toBe('This Idempotency-Key was already used for a different request');
    await waitForQueuesToDrain(t.queues());
    expect(await balances(t, c.clientId)).toEqual({ balance: 2_000, ledgerSum: 2_000 });
  });

  it('answers 400 naming the problem for a bad amount or a missing Idempotency-Key', async () => {
    const c = await onboardBillable(t, industry.id);
    for (const amount of [0, -500, 12.5, '1000']) {
      const res = await topUp(c.token, amount).expect(400);
      expect(res.body.details[0].field).toBe('amount');
    }
    const tooBig = await topUp(c.token, 500_001).expect(400);
    expect(tooBig.body.message).toBe('amount must be between 1000 and 500000 pence');
    const tooSmall = await topUp(c.token, 999).expect(400);
    expect(tooSmall.body.details[0].field).toBe('amount');
    const noKey = await topUp(c.token, 5_000, null).expect(400);
    expect(noKey.body.details[0].field).toBe('Idempotency-Key');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE client_id = $1`, [c.clientId]))[0].n).toBe(0);
  });

  it('says why a card was declined in plain words (Stripe’s own words for admins only) and leaves the balance unchanged', async () => {
    const c = await onboardBillable(t, industry.id);
    await useTestCard(t, c.clientId, 'pm_card_chargeDeclined');
    const res = (await topUp(c.token, 5_000).expect(201)).body;
    expect(res).toMatchObject({
      status: 'failed',
      failureReason: 'Your bank declined the payment. Try again with another card, or ask your bank why.',
      failureDetail: null,
    });
    const mine = (await t.http().get('/api/billing/payments').set(bearer(c.token)).expect(200)).body.items[0];
    expect(mine).toMatchObject({
      failureReason: 'Your bank declined the payment. Try again with another card, or ask your bank why.',
      failureDetail: null,
    });
    const seen = (await t.http().get(`/api/admin/clients/${c.clientId}/payments`).set(bearer(admin)).expect(200)).body.items[0];
    expect(seen).toMatchObject({
      failureReason: 'Your bank declined the payment. Try again with another card, or ask your bank why.',
      failureDetail: 'Your card was declined. (card_declined / generic_decline)',
    });
    await waitForQueuesToDrain(t.queues());
    expect((await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body.balance).toBe(0);
  });

  it('sends a 3-D Secure top-up to Stripe’s page, and credits it once approved', async () => {
    const c = await onboardBillable(t, industry.id);
    await useTestCard(t, c.clientId, 'pm_card_authenticationRequired');
    const res = (await topUp(c.token, 5_000).expect(201)).body;
    expect(res.status).toBe('requires_action');
    expect(res.nextActionUrl).toContain(t.sandbox.url);
    const page = await (await fetch(res.nextActionUrl)).text();
    const action = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?(complete|Complete)/.exec(page)?.[1];
    expect(action).toBeDefined();
    await fetch(new URL(action!.replace(/&amp;/g, '&'), res.nextActionUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=complete&decision=complete&action=complete',
      redirect: 'manual',
    });
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${res.id}`)
          .set(bearer(c.token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    expect(await balances(t, c.clientId)).toEqual({ balance: 5_000, ledgerSum: 5_000 });
  });

  it('charges exactly 50 of 100 concurrent £1 charges against £50, never below zero', async () => {
    const c = await registerClient(t);
    await ledger.credit('top_up', { clientId: c.clientId, amount: 5_000, cause: `test-seed:${c.clientId}` });
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        ledger.charge({ clientId: c.clientId, amount: 100, cause: `delivery:test-${c.clientId}-${i}` }),
      ),
    );
    expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(50);
    expect(results.filter((r) => r.outcome === 'insufficient')).toHaveLength(50);
    expect(await balances(t, c.clientId)).toEqual({ balance: 0, ledgerSum: 0 });
    const zero = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type = 'credits.zero'`, [c.clientId]);
    expect(zero).toHaveLength(1);
    // The same cause again moves nothing.
    const again = await ledger.charge({ clientId: c.clientId, amount: 100, cause: `delivery:test-${c.clientId}-0` });
    expect(again.outcome).toBe('duplicate');
    // And the database itself refuses a balance below the limit.
    await expect(t.db.query(`UPDATE credit_accounts SET balance = -1 WHERE client_id = $1`, [c.clientId])).rejects.toThrow(
      /credit_accounts_balance_check/,
    );
  });

  it('credits each payment once when Stripe sends its events five times and out of order', async () => {
    const c = await onboardBillable(t, industry.id);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await topUp(c.token, 1_000 + i * 100).expect(201)).body.id);
    await waitForQueuesToDrain(t.queues());
    const events = (
      (await (await fetch(`${t.sandbox.url}/_sandbox/stripe/events`)).json()) as {
        data: Array<{ id: string; type: string; data: { object: { metadata?: { paymentId?: string } } } }>;
      }
    ).data;
    const ours = events.filter((e) => e.type.startsWith('payment_intent.') && ids.includes(e.data.object.metadata?.paymentId ?? ''));
    expect(ours.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < 5; i += 1)
      for (const e of ours) await fetch(`${t.sandbox.url}/_sandbox/stripe/events/${e.id}/resend`, { method: 'POST' });
    await fetch(`${t.sandbox.url}/_sandbox/stripe/events/deliver-batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: ours.map((e) => e.id), shuffle: true, duplicates: { min: 1, max: 3 }, seed: 7 }),
    });
    await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
    await waitForQueuesToDrain(t.queues());
    expect(await balances(t, c.clientId)).toEqual({ balance: 1_000 + 1_100 + 1_200 + 1_300, ledgerSum: 4_600 });
    const statuses = await t.db.query(`SELECT status FROM payments WHERE client_id = $1`, [c.clientId]);
    expect(statuses.every((s: { status: string }) => s.status === 'succeeded')).toBe(true);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE client_id = $1`, [c.clientId]))[0].n).toBe(4);
  });

  it('never moves a status backward: a late failure after success is refused', async () => {
    const c = await onboardBillable(t, industry.id);
    const res = (await topUp(c.token, 1_000).expect(201)).body;
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${res.id}`)
          .set(bearer(c.token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    const { PaymentsService } = await import('../src/billing/payments.service');
    await t.app.get(PaymentsService).transition(res.id, { status: 'failed', failureReason: 'late' });
    expect((await t.http().get(`/api/billing/payments/${res.id}`).set(bearer(c.token)).expect(200)).body.status).toBe('succeeded');
    expect(await balances(t, c.clientId)).toEqual({ balance: 1_000, ledgerSum: 1_000 });
  });

  it('settles by reconciliation a payment whose webhook never arrived', async () => {
    const c = await onboardBillable(t, industry.id);
    const res = (await topUp(c.token, 1_500).expect(201)).body;
    await waitForQueuesToDrain(t.queues());
    // Pretend we never heard back: the payment is still pending an hour later, and the credit never came.
    await t.db.query(`DELETE FROM ledger_entries WHERE cause = $1`, [`payment:${res.id}`]);
    await t.db.query(`UPDATE credit_accounts SET balance = 0 WHERE client_id = $1`, [c.clientId]);
    await t.db.query(`UPDATE payments SET status = 'pending', settled_at = NULL, created_at = now() - interval '2 hours' WHERE id = $1`, [
      res.id,
    ]);
    const report = (await t.http().post('/api/admin/billing/reconcile').set(bearer(admin)).expect(200)).body;
    expect(report.settled.map((p: { id: string; status: string }) => [p.id, p.status])).toContainEqual([res.id, 'succeeded']);
    expect(report.mismatches).toEqual([]);
    expect(await balances(t, c.clientId)).toEqual({ balance: 1_500, ledgerSum: 1_500 });
  });

  it('closes every billing route to non-billable clients', async () => {
    const invite = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201)).body;
    const reg = (
      await t
        .http()
        .post('/api/auth/register')
        .send({
          firstName: 'N',
          lastName: 'B',
          email: `nb.${randomUUID()}@example.com`,
          phone: '+447700900000',
          password: 'non-billable-1',
          inviteToken: invite.token,
        })
        .expect(201)
    ).body;
    const token = reg.accessToken as string;
    await t.http().put('/api/onboarding/business-details').set(bearer(token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(token)).send(leadPreferences()).expect(200);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/billing/'));
    expect(routes.length).toBeGreaterThan(8);
    for (const [path, methods] of routes) {
      for (const method of Object.keys(methods)) {
        const url = path.replace('{id}', randomUUID());
        const http = t.http();
        const res = await http[method as 'get' | 'post' | 'put' | 'delete'](url)
          .set(bearer(token))
          .set('Idempotency-Key', randomUUID())
          .send({});
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
    }
  });
});
