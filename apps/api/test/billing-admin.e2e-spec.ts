import { randomUUID } from 'node:crypto';
import { RefundsService } from '../src/billing/refunds.service';
import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, failNext, onboardBillable, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

interface XeroState {
  xero: { invoices: Array<{ Reference: string }>; creditNotes: Array<{ Reference: string; Total?: number }> };
}
const xeroState = async (t: TestApp) => (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as XeroState;

describe('billing: Xero mirroring, adjustments, ledger and cards', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const topUp = (token: string, amount: number) =>
    t.http().post('/api/billing/top-ups').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ amount }).expect(201);

  it('makes exactly one Xero invoice per payment when Xero answers 429, and when the job runs again', async () => {
    const c = await onboardBillable(t, industry.id);
    await failNext(t, 'xero.invoices.create', 1, { status: 429, code: '1' });
    const { id } = (await topUp(c.token, 2_000)).body as { id: string };
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [id]))[0].xero_invoice_id)
      await new Promise((r) => setTimeout(r, 100));
    const first = (await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [id]))[0].xero_invoice_id as string;
    expect(first).toBeTruthy();
    expect((await xeroState(t)).xero.invoices.filter((i) => i.Reference === id)).toHaveLength(1);

    // The job runs again as if the worker died after Xero answered but before we saved the id.
    await t.db.query(`UPDATE payments SET xero_invoice_id = NULL WHERE id = $1`, [id]);
    await t.queue('billing').add('xero.invoice', { paymentId: id }, { jobId: `again:${id}` });
    await waitForQueuesToDrain(t.queues());
    expect((await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [id]))[0].xero_invoice_id).toBe(first);
    expect((await xeroState(t)).xero.invoices.filter((i) => i.Reference === id)).toHaveLength(1);
  });

  it('refunds an approved lead once and mirrors it as one Xero credit note', async () => {
    const c = await onboardBillable(t, industry.id);
    await topUp(c.token, 5_000);
    await waitForQueuesToDrain(t.queues());
    const ledger = t.app.get(LedgerService);
    await ledger.charge({
      clientId: c.clientId,
      amount: 2_500,
      cause: `delivery:refund-test-${c.clientId}`,
      meta: { industryName: 'Solar panels' },
    });
    const refunds = t.app.get(RefundsService);
    const cause = `refund:report-${c.clientId}`;
    const first = await refunds.refund({
      clientId: c.clientId,
      amount: 2_500,
      cause,
      description: 'Refund: lead reported as a wrong number',
    });
    await refunds.mirror(first);
    const second = await refunds.refund({
      clientId: c.clientId,
      amount: 2_500,
      cause,
      description: 'Refund: lead reported as a wrong number',
    });
    await refunds.mirror(second);
    expect([first.outcome, second.outcome]).toEqual(['applied', 'duplicate']);
    await waitForQueuesToDrain(t.queues());
    const notes = (await xeroState(t)).xero.creditNotes.filter((n) => n.Reference === (first.outcome === 'applied' ? first.entry.id : ''));
    expect(notes).toHaveLength(1);
    expect((await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body.balance).toBe(5_000);
  });

  it('lets an admin adjust credit with a reason, once per Idempotency-Key, and logs it', async () => {
    const c = await onboardBillable(t, industry.id);
    const key = randomUUID();
    const send = (body: object, k: string | null = key) => {
      const req = t.http().post(`/api/admin/clients/${c.clientId}/adjustments`).set(bearer(admin));
      if (k) req.set('Idempotency-Key', k);
      return req.send(body);
    };
    const entry = (await send({ amount: 1_500, reason: 'Goodwill credit' }).expect(201)).body;
    expect(entry).toMatchObject({ kind: 'adjustment', amount: 1_500, balanceAfter: 1_500, description: 'Goodwill credit' });
    await send({ amount: 1_500, reason: 'Goodwill credit' }).expect(201);
    expect((await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body.balance).toBe(1_500);
    const below = await send({ amount: -5_000, reason: 'Too much' }, randomUUID()).expect(400);
    expect(below.body.message).toBe('This adjustment would take the balance below the credit limit');
    const noReason = await send({ amount: 100, reason: '  ' }, randomUUID()).expect(400);
    expect(noReason.body.details[0].field).toBe('reason');
    await send({ amount: 0, reason: 'x' }, randomUUID()).expect(400);
    await send({ amount: 100, reason: 'x' }, null).expect(400);
    await t
      .http()
      .post(`/api/admin/clients/${c.clientId}/adjustments`)
      .set(bearer(c.token))
      .set('Idempotency-Key', randomUUID())
      .send({ amount: 100, reason: 'me' })
      .expect(403);
    const log = await t.db.query(`SELECT after FROM activity_log WHERE client_id = $1 AND action = 'credit.adjusted'`, [c.clientId]);
    expect(log).toEqual([{ after: { balance: 1_500, amount: 1_500, reason: 'Goodwill credit' } }]);
    // A reason that looks like a formula reaches the client's ledger export defused.
    await send({ amount: 100, reason: '=HYPERLINK("http://evil.example")' }, randomUUID()).expect(201);
    const csv = (await t.http().get('/api/billing/ledger.csv').set(bearer(c.token)).expect(200)).text;
    expect(csv.trim().split('\n')[1]).toContain(`,"'=HYPERLINK(""http://evil.example"")",`);
  });

  it('pages and filters the ledger, and exports the filter as CSV', async () => {
    const c = await onboardBillable(t, industry.id);
    await topUp(c.token, 3_000);
    await waitForQueuesToDrain(t.queues());
    const ledger = t.app.get(LedgerService);
    for (let i = 0; i < 5; i += 1) await ledger.charge({ clientId: c.clientId, amount: 100, cause: `delivery:page-${c.clientId}-${i}` });
    const page = (await t.http().get('/api/billing/ledger?pageSize=2&page=2&kind=lead_charge').set(bearer(c.token)).expect(200)).body;
    expect(page.meta).toEqual({ page: 2, pageSize: 2, total: 5 });
    expect(page.items.every((e: { kind: string; amount: number }) => e.kind === 'lead_charge' && e.amount === -100)).toBe(true);
    const csv = await t
      .http()
      .get('/api/billing/ledger.csv?kind=top_up')
      .set(bearer(c.token))
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('date,kind,amount,balance_after,currency,description,reference');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',top_up,30.00,30.00,GBP,');
    const admins = (await t.http().get(`/api/admin/clients/${c.clientId}/ledger`).set(bearer(admin)).expect(200)).body;
    expect(admins.meta.total).toBe(6);
    const reconcile = (await t.http().post('/api/admin/billing/reconcile').set(bearer(admin)).expect(200)).body;
    expect(reconcile.mismatches).toEqual([]);
    expect(reconcile.clientsChecked).toBeGreaterThan(0);
  });

  it('tops up with the card the client picks (the default otherwise), and only with one of its own cards', async () => {
    const c = await onboardBillable(t, industry.id);
    const { url } = (await t.http().post('/api/billing/payment-methods/checkout-session').set(bearer(c.token)).expect(201)).body as {
      url: string;
    };
    const { completeHostedCardPage } = await import('./utils/actors');
    // A second card the bank will decline: a top-up on it fails, so which card was charged shows.
    const sessionId = await completeHostedCardPage(url, '4000000000000341');
    const cards = (await t.http().post('/api/billing/payment-methods/confirm').set(bearer(c.token)).send({ sessionId }).expect(200)).body
      .items as Array<{ id: string; isDefault: boolean; last4: string }>;
    const declining = cards.find((x) => x.last4 === '0341')!;
    expect(declining.isDefault).toBe(false);
    const topUp = (body: object) =>
      t.http().post('/api/billing/top-ups').set(bearer(c.token)).set('Idempotency-Key', randomUUID()).send(body);
    expect((await topUp({ amount: 2_000 }).expect(201)).body.status).not.toBe('failed');
    const onPicked = (await topUp({ amount: 2_000, cardId: declining.id }).expect(201)).body;
    expect(onPicked.status).toBe('failed');
    // Another client's card, or no card id at all, is refused before anything is charged.
    const other = await onboardBillable(t, industry.id);
    const [otherCard] = (await t.http().get('/api/billing/payment-methods').set(bearer(other.token)).expect(200)).body.items;
    expect((await topUp({ amount: 2_000, cardId: otherCard.id }).expect(404)).body.message).toBe(
      'No saved card with that id: choose one of your cards',
    );
    expect((await topUp({ amount: 2_000, cardId: 'nope' }).expect(400)).body.details[0].field).toBe('cardId');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE client_id = $1 AND kind = 'manual_top_up'`, [
      c.clientId,
    ]);
    expect(n).toBe(2);
  });

  it('adds a second card through Stripe’s page, makes it the default, and removes the old one', async () => {
    const c = await onboardBillable(t, industry.id);
    const { url } = (await t.http().post('/api/billing/payment-methods/checkout-session').set(bearer(c.token)).expect(201)).body as {
      url: string;
    };
    const { completeHostedCardPage } = await import('./utils/actors');
    const sessionId = await completeHostedCardPage(url, '5555555555554444');
    const cards = (await t.http().post('/api/billing/payment-methods/confirm').set(bearer(c.token)).send({ sessionId }).expect(200)).body
      .items as Array<{ id: string; isDefault: boolean; last4: string }>;
    expect(cards.map((x) => [x.last4, x.isDefault])).toEqual([
      ['4242', true],
      ['4444', false],
    ]);
    const second = cards.find((x) => x.last4 === '4444')!;
    const after = (await t.http().post(`/api/billing/payment-methods/${second.id}/default`).set(bearer(c.token)).expect(200)).body.items;
    expect(after[0]).toMatchObject({ last4: '4444', isDefault: true });
    const old = cards.find((x) => x.last4 === '4242')!;
    const removed = (await t.http().delete(`/api/billing/payment-methods/${old.id}`).set(bearer(c.token)).expect(200)).body;
    expect(removed).toMatchObject({ autoChargeTurnedOff: false, items: [{ last4: '4444', isDefault: true }] });
    await t.http().delete(`/api/billing/payment-methods/${old.id}`).set(bearer(c.token)).expect(404);
  });
});

describe('billing while Xero is not connected', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps invoices waiting for the connection, then mirrors each one once', async () => {
    const industry = await createIndustry(t, admin);
    // Onboard without Xero: contacts wait too, so connect only after the card is in.
    const { registerClient, businessDetails, leadPreferences, completeHostedCardPage } = await import('./utils/actors');
    const c = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
    const deadline = Date.now() + 10_000;
    while (
      Date.now() < deadline &&
      !(await t.db.query(`SELECT stripe_customer_id FROM clients WHERE id = $1`, [c.clientId]))[0].stripe_customer_id
    )
      await new Promise((r) => setTimeout(r, 50));
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as { url: string };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(c.token))
      .send({ sessionId: await completeHostedCardPage(url) })
      .expect(200);
    const { id } = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(c.token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: 2_000 })
        .expect(201)
    ).body as { id: string };
    await waitForQueuesToDrain(t.queues());
    expect((await t.db.query(`SELECT status, xero_invoice_id FROM payments WHERE id = $1`, [id]))[0]).toEqual({
      status: 'succeeded',
      xero_invoice_id: null,
    });

    await connectXero(t, admin);
    const until = Date.now() + 15_000;
    while (Date.now() < until && !(await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [id]))[0].xero_invoice_id)
      await new Promise((r) => setTimeout(r, 100));
    await waitForQueuesToDrain(t.queues());
    expect((await t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [id]))[0].xero_invoice_id).toBeTruthy();
    expect((await xeroState(t)).xero.invoices.filter((i) => i.Reference === id)).toHaveLength(1);
  });
});
