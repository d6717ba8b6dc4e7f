import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, onboardBuyer, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

describe('auto-charge', () => {
  let t: TestApp;
  let industry: IndustryBody;
  let ledger: LedgerService;
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.create();
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A billable client with `balance` and (optionally) a test card, then auto-charge on at £20 / £50 (above the line: no charge yet). */
  async function client(card?: string, balance = 3_000) {
    const c = await onboardBillable(t, industry.id);
    await ledger.credit('top_up', { clientId: c.clientId, amount: balance, cause: `seed:${c.clientId}` });
    if (card)
      await t.db.query(`UPDATE payment_methods SET stripe_payment_method_id = $2 WHERE client_id = $1 AND is_default`, [c.clientId, card]);
    await t
      .http()
      .put('/api/billing/auto-charge')
      .set(bearer(c.token))
      .send({ enabled: true, threshold: 2_000, amount: 5_000 })
      .expect(200);
    return c;
  }
  const charge = (clientId: string, amount = 100) =>
    ledger.charge({ clientId, amount, cause: `delivery:auto-${(seq += 1)}`, meta: { industryName: 'Solar panels' } });
  const autoCharges = async (clientId: string) =>
    (await t.db.query(`SELECT status, failure_reason FROM payments WHERE client_id = $1 AND kind = 'auto_charge' ORDER BY created_at`, [
      clientId,
    ])) as Array<{ status: string; failure_reason: string | null }>;
  const account = async (clientId: string) =>
    (
      await t.db.query(
        `SELECT balance::int AS balance, auto_charge_enabled, auto_charge_failures, auto_charge_retry_after, auto_charge_disabled_reason FROM credit_accounts WHERE client_id = $1`,
        [clientId],
      )
    )[0];

  const settings = (token: string, body: { enabled: boolean; threshold: number; amount: number }) =>
    t.http().put('/api/billing/auto-charge').set(bearer(token)).send(body).expect(200);
  let leadNo = 0;
  const postLead = (path: string) =>
    t
      .http()
      .post(path)
      .send({
        lead_id: `AC-${Date.now()}-${(leadNo += 1)}`,
        firstname: 'Ann',
        lastname: 'Smith',
        email: `ann.ac.${leadNo}.${Date.now()}@example.com`,
        phone1: `07700 ${String(910000 + leadNo).slice(-6)}`,
        postcode: 'M1 1AE',
        data1: 'pitched',
      });

  it('a lead refused for credit starts the auto-charge (threshold below the lead price), and the next lead is taken', async () => {
    // Threshold £20, lead £25, balance £20: no charge ever takes the balance below the threshold.
    const b = await onboardBuyer(t, industry.id, { credit: 2_000 });
    await t.db.query(
      `UPDATE credit_accounts SET auto_charge_enabled = true, auto_charge_threshold = 2000, auto_charge_amount = 5000 WHERE client_id = $1`,
      [b.clientId],
    );
    const refused = await postLead(b.path);
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe('no_credit');
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(b.clientId)).toEqual([{ status: 'succeeded', failure_reason: null }]);
    expect((await account(b.clientId)).balance).toBe(7_000);
    const taken = await postLead(b.path);
    expect(taken.status).toBe(201);
    expect((await account(b.clientId)).balance).toBe(4_500);
  });

  it('switching auto-charge on, or raising the threshold, below the line charges at once; the summary names the lead price', async () => {
    const low = await onboardBuyer(t, industry.id, { credit: 1_000 });
    await settings(low.token, { enabled: true, threshold: 2_000, amount: 5_000 });
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(low.clientId)).toEqual([{ status: 'succeeded', failure_reason: null }]);

    const high = await onboardBuyer(t, industry.id, { credit: 3_000 });
    await settings(high.token, { enabled: true, threshold: 500, amount: 5_000 });
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(high.clientId)).toEqual([]); // £30 clears both the threshold and a £25 lead
    await settings(high.token, { enabled: true, threshold: 4_000, amount: 5_000 });
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(high.clientId)).toEqual([{ status: 'succeeded', failure_reason: null }]);

    const summary = (await t.http().get('/api/billing').set(bearer(high.token)).expect(200)).body as { leadPrice: number | null };
    expect(summary.leadPrice).toBe(2_500);
  });

  it('tops up exactly once when 20 concurrent charges cross the threshold', async () => {
    const c = await client();
    const results = await Promise.all(Array.from({ length: 20 }, () => charge(c.clientId)));
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(c.clientId)).toEqual([{ status: 'succeeded', failure_reason: null }]);
    const a = await account(c.clientId);
    expect(a.balance).toBe(3_000 - 2_000 + 5_000);
    const [sums] = await t.db.query(`SELECT sum(amount)::int AS s FROM ledger_entries WHERE client_id = $1`, [c.clientId]);
    expect(sums.s).toBe(a.balance);
    // The balance crossed the threshold once: one low-balance event, no zero-credit event.
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type IN ('credits.low', 'credits.zero')`, [
      c.clientId,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['credits.low']);
  });

  it('does not charge while the balance plus a pending top-up already clears the threshold', async () => {
    const c = await client(undefined, 2_600);
    await t.db.query(
      `INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, idempotency_key) VALUES ($1, 'manual_top_up', 'pending', 1000, 200, 1200, 2000, 'pending-one')`,
      [c.clientId],
    );
    await charge(c.clientId, 1_000); // 1,600 + 1,000 incoming ≥ 2,500 (the threshold, and the £25 lead price)
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(c.clientId)).toEqual([]);
  });

  it('backs off after a decline, tells the client, and turns itself off after three failures in a row', async () => {
    const c = await client('pm_card_chargeDeclined');
    await charge(c.clientId, 1_500);
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(c.clientId)).toEqual([
      { status: 'failed', failure_reason: 'Your bank declined the payment. Try again with another card, or ask your bank why.' },
    ]);
    let a = await account(c.clientId);
    expect(a.auto_charge_failures).toBe(1);
    expect(new Date(a.auto_charge_retry_after).getTime()).toBeGreaterThan(Date.now() + 55 * 60_000);
    const mails = await t.inbox.waitFor(c.email, 2);
    expect(mails.map((m) => m.subject)).toContain('Payment failed: £60.00');

    // Inside the back-off nothing is tried.
    await charge(c.clientId, 100);
    await waitForQueuesToDrain(t.queues());
    expect(await autoCharges(c.clientId)).toHaveLength(1);

    for (const expected of [2, 3]) {
      await t.db.query(`UPDATE credit_accounts SET auto_charge_retry_after = now() - interval '1 minute' WHERE client_id = $1`, [
        c.clientId,
      ]);
      await charge(c.clientId, 100);
      await waitForQueuesToDrain(t.queues());
      expect(await autoCharges(c.clientId)).toHaveLength(expected);
    }
    a = await account(c.clientId);
    expect(a.auto_charge_enabled).toBe(false);
    expect(a.auto_charge_disabled_reason).toMatch(/^Turned off after 3 failed charges in a row/);
    const summary = (await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body;
    expect(summary.autoCharge).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    const events = await t.db.query(
      `SELECT payload FROM outbox_events WHERE client_id = $1 AND type = 'auto_charge.failed' ORDER BY created_at`,
      [c.clientId],
    );
    expect(events.map((e: { payload: { consecutiveFailures: number } }) => e.payload.consecutiveFailures)).toEqual([1, 2, 3]);
  });

  it('asks the client in when the bank wants authentication', async () => {
    const c = await client('pm_card_authenticationRequired');
    await charge(c.clientId, 1_500);
    await waitForQueuesToDrain(t.queues());
    expect((await autoCharges(c.clientId)).map((p) => p.status)).toEqual(['requires_action']);
    const mail = (await t.inbox.waitFor(c.email, 2)).find((m) => m.subject.startsWith('Action needed'));
    expect(mail?.text).toMatch(/Approve the payment: http:\/\/app\.test\/billing\?authenticate=/);
    const [payment] = await t.db.query(`SELECT id FROM payments WHERE client_id = $1 AND kind = 'auto_charge'`, [c.clientId]);
    const finish = (await t.http().post(`/api/billing/payments/${payment.id}/authenticate`).set(bearer(c.token)).expect(200)).body;
    expect(finish).toMatchObject({ status: 'requires_action' });
    expect(finish.nextActionUrl).toContain(t.sandbox.url);
  });

  it('raises an admin alert (log and metric) at the third auto-charge for a client within 10 minutes', async () => {
    const c = await client();
    for (const key of ['earlier-1', 'earlier-2']) {
      await t.db.query(
        `INSERT INTO payments (client_id, kind, status, net_amount, vat_amount, gross_amount, vat_rate_bps, idempotency_key, created_at) VALUES ($1, 'auto_charge', 'succeeded', 5000, 1000, 6000, 2000, $2, now() - interval '3 minutes')`,
        [c.clientId, key],
      );
    }
    const { MetricsService } = await import('../src/core/metrics/metrics.service');
    const metrics = t.worker!.get(MetricsService);
    const alerts = async () => Number(/auto_charge_burst_alerts_total (\d+)/.exec(await metrics.registry.metrics())?.[1] ?? 0);
    const before = await alerts();
    await charge(c.clientId, 1_500);
    await waitForQueuesToDrain(t.queues());
    expect(await alerts()).toBe(before + 1);
  });

  it('turns auto-charge off when the default card is removed, and says so', async () => {
    const c = await client();
    const cards = (await t.http().get('/api/billing/payment-methods').set(bearer(c.token)).expect(200)).body.items;
    const res = (await t.http().delete(`/api/billing/payment-methods/${cards[0].id}`).set(bearer(c.token)).expect(200)).body;
    expect(res).toEqual({ items: [], autoChargeTurnedOff: true });
    const summary = (await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body;
    expect(summary.autoCharge).toMatchObject({ enabled: false, disabledReason: 'Turned off because the default card was removed' });
    await t.http().put('/api/billing/auto-charge').set(bearer(c.token)).send({ enabled: true, threshold: 1, amount: 1 }).expect(409);
  });
});
