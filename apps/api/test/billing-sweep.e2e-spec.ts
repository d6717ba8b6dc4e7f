import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import { PaymentsService } from '../src/billing/payments.service';
import { QUEUES } from '../src/core/queue/queues';
import { bearer, connectXero, createAdmin, createIndustry, failNext, onboardBillable, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

interface SandboxInvoice {
  InvoiceID: string;
  Reference?: string;
}

/** Work a job should have done and did not (failed for good, or never queued) is found and done by the worker's sweep. */
describe('billing sweep', () => {
  let t: TestApp;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create({ env: { INTEGRATION_ATTEMPTS: '2', BILLING_SWEEP_INTERVAL_MS: '200', BILLING_SWEEP_GRACE_MS: '2000' } });
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const invoicesFor = async (paymentId: string) =>
    ((await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as { xero: { invoices: SandboxInvoice[] } }).xero.invoices.filter(
      (i) => i.Reference === paymentId,
    );

  it('raises the Xero invoice of a payment whose invoice job failed for good, once', async () => {
    const c = await onboardBillable(t, industry.id);
    await failNext(t, 'xero.invoices.create', 2);
    const payment = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(c.token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: 5_000 })
        .expect(201)
    ).body as { id: string };
    await until(
      'the top-up',
      async () => (await t.db.query(`SELECT status FROM payments WHERE id = $1`, [payment.id]))[0].status as string,
      (s) => s === 'succeeded',
    );
    // Both attempts refused: Bull has given up on the job, and the payment has no invoice.
    const failed = await until(
      'the invoice job to fail for good',
      async () => (await t.queue(QUEUES.billing).getFailed()).filter((j) => j.id === `xero-invoice:${payment.id}`),
      (jobs) => jobs.length === 1,
    );
    expect(failed[0]!.attemptsMade).toBe(2);

    const [done] = await until(
      'the sweep to raise the invoice',
      () =>
        t.db.query(`SELECT xero_invoice_id FROM payments WHERE id = $1`, [payment.id]) as Promise<
          Array<{ xero_invoice_id: string | null }>
        >,
      (rows) => rows[0]!.xero_invoice_id !== null,
    );
    // Sweeps keep running; the invoice stays one.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await invoicesFor(payment.id)).map((i) => i.InvoiceID)).toEqual([done!.xero_invoice_id]);
  });

  it('finishes an auto-charge a killed job left pending (never sent to Stripe), with no new trigger', async () => {
    const c = await onboardBillable(t, industry.id);
    await t.app.get(LedgerService).credit('top_up', { clientId: c.clientId, amount: 1_000, cause: `seed:${c.clientId}` });
    // Auto-charge on (under the line) as a killed job's client had it, without the settings route: that would start a charge now.
    await t.db.query(
      `UPDATE credit_accounts SET auto_charge_enabled = true, auto_charge_threshold = 2000, auto_charge_amount = 5000 WHERE client_id = $1`,
      [c.clientId],
    );
    // What a job killed after creating its payment and before calling Stripe leaves behind.
    const left = await t.app.get(PaymentsService).createPayment(c.clientId, 'auto_charge', 5_000, `autocharge:${c.clientId}:${Date.now()}`);
    await t.db.query(`UPDATE payments SET created_at = now() - interval '1 hour' WHERE id = $1`, [left.id]);

    await until(
      'the auto-charge to succeed',
      async () => (await t.db.query(`SELECT status FROM payments WHERE id = $1`, [left.id]))[0].status as string,
      (s) => s === 'succeeded',
    );
    const rows = await t.db.query(`SELECT id, status FROM payments WHERE client_id = $1 AND kind = 'auto_charge'`, [c.clientId]);
    expect(rows).toEqual([{ id: left.id, status: 'succeeded' }]);
    const [money] = await t.db.query(
      `SELECT (SELECT balance::int FROM credit_accounts WHERE client_id = $1) AS balance, (SELECT sum(amount)::int FROM ledger_entries WHERE client_id = $1) AS ledger`,
      [c.clientId],
    );
    expect(money).toEqual({ balance: 6_000, ledger: 6_000 });
  });
});
