import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';
import { WorkerProcess } from './utils/worker-process';

interface SandboxPaymentIntent {
  id: string;
  customer: string | null;
  status: string;
  amount: number;
  latest_charge: string | null;
  metadata: Record<string, string>;
}
interface SandboxInvoice {
  InvoiceID: string;
  Reference: string;
}
interface SandboxState {
  stripe: { customers: Array<{ id: string; metadata: Record<string, string> }>; paymentIntents: SandboxPaymentIntent[] };
  xero: { invoices: SandboxInvoice[] };
}
interface HeldCall {
  operation: string;
  phase: 'before' | 'after';
}
interface PaymentRow {
  id: string;
  kind: string;
  status: string;
  gross_amount: number;
  stripe_payment_intent_id: string | null;
  xero_invoice_id: string | null;
}

const THRESHOLD = 2_000;
const AUTO_CHARGE = 5_000;

/**
 * The worker is a separate process killed with SIGKILL at known points inside Stripe and Xero calls
 * (the sandbox holds the call), then started again: Bull's stalled-job check hands the killed job to
 * the new worker. Nobody may be charged twice, and every succeeded payment gets exactly one Xero invoice.
 */
describe('worker killed in the middle of billing jobs', () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let industry: IndustryBody;
  let ledger: LedgerService;
  let seq = 0;
  const clients: string[] = [];

  beforeAll(async () => {
    // Short Bull locks so a killed worker's job is picked up again within a couple of seconds.
    t = await TestApp.create({ worker: false, env: { QUEUE_LOCK_DURATION_MS: '1000', QUEUE_STALLED_INTERVAL_MS: '300' } });
    worker = await WorkerProcess.start(t.env);
    const admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  async function control<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${t.sandbox.url}/_sandbox${path}`, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const state = () => control<SandboxState>('/state');

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}\n--- worker output ---\n${worker.logs().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The sandbox holds the next call of `operation` at `phase` (up to a minute). */
  const holdNext = (operation: string, phase: 'before' | 'after') =>
    control('/delay', { method: 'POST', body: { operation, phase, ms: 60_000 } });
  const held = () => control<{ held: HeldCall[] }>('/delay').then((r) => r.held);
  const waitUntilHeld = (operation: string, phase: 'before' | 'after') =>
    until(`the sandbox to hold ${operation} (${phase})`, async () =>
      (await held()).some((h) => h.operation === operation && h.phase === phase) ? true : undefined,
    );
  /** Once the caller is dead the sandbox notices the hang-up and lets go of the call. */
  const waitUntilLetGo = () => until('the sandbox to notice the hang-up', async () => ((await held()).length === 0 ? true : undefined));

  async function killWorkerAndRestart(between: () => Promise<unknown> = async () => undefined): Promise<void> {
    await worker.kill();
    await waitUntilLetGo();
    await between();
    worker = await WorkerProcess.start(t.env);
  }

  /** A billable client with auto-charge on (below £20, add £50) and £30 of credit. */
  async function autoChargeClient() {
    const c = await onboardBillable(t, industry.id);
    clients.push(c.clientId);
    // Credit first: switching auto-charge on under the line would start a charge at once.
    await ledger.credit('top_up', { clientId: c.clientId, amount: 3_000, cause: `seed:${c.clientId}` });
    await t
      .http()
      .put('/api/billing/auto-charge')
      .set(bearer(c.token))
      .send({ enabled: true, threshold: THRESHOLD, amount: AUTO_CHARGE })
      .expect(200);
    return c;
  }
  /** A lead charge that takes the balance under the threshold, which queues the auto-charge. */
  const crossThreshold = (clientId: string) =>
    ledger.charge({ clientId, amount: 1_500, cause: `delivery:kill-${(seq += 1)}`, meta: { industryName: 'Solar panels' } });

  const payments = (clientId: string): Promise<PaymentRow[]> =>
    t.db.query(
      `SELECT id, kind, status, gross_amount, stripe_payment_intent_id, xero_invoice_id FROM payments WHERE client_id = $1 ORDER BY created_at`,
      [clientId],
    );
  const customerOf = async (clientId: string): Promise<string> =>
    (await t.db.query(`SELECT stripe_customer_id FROM clients WHERE id = $1`, [clientId]))[0].stripe_customer_id as string;
  const intentsOf = async (clientId: string): Promise<SandboxPaymentIntent[]> => {
    const customer = await customerOf(clientId);
    return (await state()).stripe.paymentIntents.filter((pi) => pi.customer === customer);
  };

  /** Waits until every payment of the client is settled (none pending) and each succeeded one has its Xero invoice. */
  async function settled(clientId: string): Promise<void> {
    await until(`the payments of ${clientId} to settle`, async () => {
      const rows = await payments(clientId);
      const done = rows.length > 0 && rows.every((p) => p.status !== 'pending' && (p.status !== 'succeeded' || p.xero_invoice_id));
      return done ? true : undefined;
    });
    await waitForQueuesToDrain(t.queues(), { timeoutMs: 30_000, stallMs: 10_000 });
  }

  /**
   * Stripe and Xero agree with us: one PaymentIntent per payment of ours and none of its own, one
   * succeeded charge per succeeded payment, exactly one Xero invoice per succeeded payment (the one we
   * stored) and none for anything else, and the ledger adds up to the balance.
   */
  async function expectOnceEverywhere(clientId: string): Promise<PaymentRow[]> {
    const rows = await payments(clientId);
    const intents = await intentsOf(clientId);
    const ours = new Set(rows.map((p) => p.id));
    expect(intents.filter((pi) => !ours.has(pi.metadata.paymentId))).toEqual([]);
    for (const p of rows) {
      const forPayment = intents.filter((pi) => pi.metadata.paymentId === p.id);
      expect({ payment: p.id, intents: forPayment.length }).toEqual({ payment: p.id, intents: p.stripe_payment_intent_id ? 1 : 0 });
      if (p.stripe_payment_intent_id) expect(forPayment[0].id).toBe(p.stripe_payment_intent_id);
    }
    const succeeded = rows.filter((p) => p.status === 'succeeded');
    const charged = intents.filter((pi) => pi.status === 'succeeded');
    expect(charged.map((pi) => pi.metadata.paymentId).sort()).toEqual(succeeded.map((p) => p.id).sort());
    expect(new Set(charged.map((pi) => pi.latest_charge)).size).toBe(charged.length);

    const invoices = (await state()).xero.invoices;
    for (const p of rows) {
      const mine = invoices.filter((i) => i.Reference === p.id);
      if (p.status === 'succeeded') {
        expect({ payment: p.id, invoices: mine.map((i) => i.InvoiceID) }).toEqual({ payment: p.id, invoices: [p.xero_invoice_id] });
      } else {
        expect({ payment: p.id, invoices: mine }).toEqual({ payment: p.id, invoices: [] });
      }
    }
    const [{ balance, ledger_sum }] = await t.db.query(
      `SELECT a.balance::int AS balance, (SELECT COALESCE(sum(amount), 0)::int FROM ledger_entries e WHERE e.client_id = a.client_id) AS ledger_sum FROM credit_accounts a WHERE a.client_id = $1`,
      [clientId],
    );
    expect(ledger_sum).toBe(balance);
    const credited = await t.db.query(`SELECT cause FROM ledger_entries WHERE client_id = $1 AND cause LIKE 'payment:%' ORDER BY cause`, [
      clientId,
    ]);
    expect(credited.map((e: { cause: string }) => e.cause)).toEqual(succeeded.map((p) => `payment:${p.id}`).sort());
    return rows;
  }

  const autoChargesOnly = (rows: PaymentRow[]) => rows.filter((p) => p.kind === 'auto_charge').map((p) => p.status);

  it('charges once when killed while Stripe holds the PaymentIntent request, before acting on it', async () => {
    const c = await autoChargeClient();
    await holdNext('stripe.paymentIntents.create', 'before');
    await crossThreshold(c.clientId);
    await waitUntilHeld('stripe.paymentIntents.create', 'before');

    await killWorkerAndRestart(async () => {
      // The killed job left a pending payment that never reached Stripe.
      expect((await payments(c.clientId)).map((p) => [p.status, p.stripe_payment_intent_id])).toEqual([['pending', null]]);
      expect(await intentsOf(c.clientId)).toEqual([]);
    });
    await settled(c.clientId);

    const rows = await expectOnceEverywhere(c.clientId);
    expect(autoChargesOnly(rows)).toEqual(['succeeded']);
    expect(await ledger.account(c.clientId)).toMatchObject({ balance: 1_500 + AUTO_CHARGE });
  });

  it("charges once when killed after Stripe charged the card but before the worker heard (and Stripe's webhook is lost)", async () => {
    const c = await autoChargeClient();
    // Stripe's webhooks go nowhere until this test is done: only the worker can find out what happened.
    await control('/stripe/webhook', { method: 'POST', body: { url: 'http://127.0.0.1:9/lost', secret: 'whsec_lost' } });
    try {
      await holdNext('stripe.paymentIntents.create', 'after');
      await crossThreshold(c.clientId);
      await waitUntilHeld('stripe.paymentIntents.create', 'after');

      await killWorkerAndRestart(async () => {
        // Stripe took the money; we still think the payment is pending and know no PaymentIntent.
        expect((await intentsOf(c.clientId)).map((pi) => pi.status)).toEqual(['succeeded']);
        expect((await payments(c.clientId)).map((p) => [p.status, p.stripe_payment_intent_id])).toEqual([['pending', null]]);
      });
      await settled(c.clientId);
    } finally {
      t.sandbox.setStripeWebhook(`${t.url}/api/billing/stripe/webhook`, t.config.stripe.webhookSecret.reveal());
    }

    const rows = await expectOnceEverywhere(c.clientId);
    expect(autoChargesOnly(rows)).toEqual(['succeeded']);
    expect(await ledger.account(c.clientId)).toMatchObject({ balance: 1_500 + AUTO_CHARGE });
  });

  it("charges once when killed after Stripe charged the card and Stripe's webhook settles it while the worker is down", async () => {
    const c = await autoChargeClient();
    await holdNext('stripe.paymentIntents.create', 'after');
    await crossThreshold(c.clientId);
    await waitUntilHeld('stripe.paymentIntents.create', 'after');

    await killWorkerAndRestart(() =>
      until('the webhook to settle the payment', async () =>
        (await payments(c.clientId)).some((p) => p.status === 'succeeded') ? true : undefined,
      ),
    );
    await settled(c.clientId);

    const rows = await expectOnceEverywhere(c.clientId);
    expect(autoChargesOnly(rows)).toEqual(['succeeded']);
  });

  it('charges each client once when killed in the middle of several auto-charges', async () => {
    const batch = [await autoChargeClient(), await autoChargeClient(), await autoChargeClient()];
    await holdNext('stripe.paymentIntents.create', 'after');
    await Promise.all(batch.map((c) => crossThreshold(c.clientId)));
    await waitUntilHeld('stripe.paymentIntents.create', 'after');

    await killWorkerAndRestart();
    for (const c of batch) await settled(c.clientId);

    for (const c of batch) {
      const rows = await expectOnceEverywhere(c.clientId);
      expect(autoChargesOnly(rows)).toEqual(['succeeded']);
      expect(await ledger.account(c.clientId)).toMatchObject({ balance: 1_500 + AUTO_CHARGE });
    }
  });

  async function topUp(): Promise<{ clientId: string; paymentId: string }> {
    const c = await onboardBillable(t, industry.id);
    clients.push(c.clientId);
    const res = await t
      .http()
      .post('/api/billing/top-ups')
      .set(bearer(c.token))
      .set('Idempotency-Key', randomUUID())
      .send({ amount: 5_000 })
      .expect(201);
    return { clientId: c.clientId, paymentId: res.body.id as string };
  }
  const invoicesFor = async (paymentId: string) => (await state()).xero.invoices.filter((i) => i.Reference === paymentId);

  it('makes one Xero invoice when killed while Xero holds the invoice request, before acting on it', async () => {
    await holdNext('xero.invoices.create', 'before');
    const { clientId, paymentId } = await topUp();
    await waitUntilHeld('xero.invoices.create', 'before');

    await killWorkerAndRestart(async () => {
      expect(await invoicesFor(paymentId)).toEqual([]);
    });
    await settled(clientId);

    const rows = await expectOnceEverywhere(clientId);
    expect(rows.map((p) => [p.kind, p.status])).toEqual([['manual_top_up', 'succeeded']]);
  });

  it('makes one Xero invoice when killed after Xero created it but before the worker stored its id', async () => {
    await holdNext('xero.invoices.create', 'after');
    const { clientId, paymentId } = await topUp();
    await waitUntilHeld('xero.invoices.create', 'after');

    await killWorkerAndRestart(async () => {
      expect(await invoicesFor(paymentId)).toHaveLength(1);
      expect((await payments(clientId))[0].xero_invoice_id).toBeNull();
    });
    await settled(clientId);

    const rows = await expectOnceEverywhere(clientId);
    expect(rows.map((p) => [p.kind, p.status])).toEqual([['manual_top_up', 'succeeded']]);
  });

  it('leaves Stripe, Xero and the ledger in step for every client of the run', async () => {
    const all = await state();
    const customers = await Promise.all(clients.map(customerOf));
    const intents = all.stripe.paymentIntents.filter((pi) => pi.customer && customers.includes(pi.customer));
    const rows: PaymentRow[] = (await Promise.all(clients.map(payments))).flat();
    expect(intents.length).toBe(rows.length);
    expect(all.xero.invoices.filter((i) => rows.some((p) => p.id === i.Reference)).length).toBe(
      rows.filter((p) => p.status === 'succeeded').length,
    );
    for (const clientId of clients) await expectOnceEverywhere(clientId);
  });
});
