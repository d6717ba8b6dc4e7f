import { QUEUES } from '../src/core/queue/queues';
import { SubscriptionXeroSweep } from '../src/subscriptions/subscription-bookkeeping';
import { bearer, connectXero, createAdmin, createIndustry, failNext, onboardBillable, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

interface XeroInvoice {
  InvoiceID: string;
  InvoiceNumber: string;
  Reference: string;
  Type: string;
  Status: string;
  DateString: string;
  DueDateString: string;
  Total: number;
  AmountPaid: number;
  AmountDue: number;
  AmountCredited: number;
  Contact: { ContactNumber?: string };
  LineItems: Array<{ Description: string; Quantity: number; UnitAmount: number; AccountCode: string; TaxType: string }>;
  Payments: Array<{ PaymentID: string; Amount: number; Reference: string }>;
}
interface XeroCreditNote {
  CreditNoteID: string;
  CreditNoteNumber: string;
  Reference: string;
  Type: string;
  Status: string;
  Total: number;
  RemainingCredit: number;
  Allocations: Array<{ Amount: number; Invoice: { InvoiceID: string } }>;
}
interface XeroPayment {
  PaymentID: string;
  Amount: number;
  Reference: string;
  Account: { Code: string };
  Invoice: { InvoiceID: string };
}
interface InvoiceBody {
  id: string;
  number: string;
  status: string;
  dueOn: string;
  issuedOn: string;
  grossAmount: number;
  lines: Array<{ description: string; quantity: number; unitNet: number }>;
  creditNote: { number: string } | null;
}
interface Row {
  number: string;
  xero_invoice_id: string | null;
  xero_payment_id: string | null;
}

/**
 * Our subscription invoices mirrored in Xero (the sandbox, through xero-node): the worker's jobs
 * from the outbox's issued / paid / voided events, checked against what Xero then holds.
 */
describe('subscription invoices in Xero', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let planId: string;

  beforeAll(async () => {
    t = await TestApp.create({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    planId = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({ name: 'Team', monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true })
        .expect(201)
    ).body.id as string;
  }, 60_000);
  afterAll(async () => t.close());

  const xeroState = async () =>
    (
      (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as {
        xero: { invoices: XeroInvoice[]; creditNotes: XeroCreditNote[]; payments: XeroPayment[] };
      }
    ).xero;
  const row = async (invoiceId: string) =>
    (
      (await t.db.query('SELECT number, xero_invoice_id, xero_payment_id FROM subscription_invoices WHERE id = $1', [invoiceId])) as Row[]
    )[0]!;
  const creditNoteId = async (invoiceId: string) =>
    (
      (await t.db.query('SELECT xero_credit_note_id FROM subscription_credit_notes WHERE invoice_id = $1', [invoiceId])) as Array<{
        xero_credit_note_id: string | null;
      }>
    )[0]?.xero_credit_note_id ?? null;
  /** The Xero calls that wrote something (PUT/POST), as `METHOD path status`, since `clearCalls`. */
  const writes = async () =>
    (
      (await (await fetch(`${t.sandbox.url}/_sandbox/requests?pathPrefix=/xero/api.xro`)).json()) as {
        data: Array<{ method: string; path: string; status?: number }>;
      }
    ).data
      .filter((r) => r.method === 'PUT' || r.method === 'POST')
      .map((r) => `${r.method} ${r.path.replace('/xero/api.xro/2.0', '')} ${r.status ?? ''}`.trim());
  const clearCalls = () => fetch(`${t.sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
  const mirrored = (invoiceId: string) =>
    until(
      'the Xero invoice',
      () => row(invoiceId),
      (r) => r.xero_invoice_id !== null,
    );

  /** A client with a Xero contact and a card, on the Team plan paid until 2027-01-01 (checkout is not what this file tests). */
  async function teamClient(addOnSeats = 0) {
    const c = await onboardBillable(t, industry.id);
    await t.db.query(
      "UPDATE client_subscriptions SET plan_id = $2, add_on_seats = $3, current_period_end = '2027-01-01T00:00:00Z' WHERE client_id = $1",
      [c.clientId, planId, addOnSeats],
    );
    return c;
  }
  const issue = async (clientId: string) =>
    (await t.http().post(`/api/admin/clients/${clientId}/invoices`).set(bearer(admin)).send({}).expect(201)).body as InvoiceBody;
  /** Runs a job of the subscriptions queue once more, as Bull would after a retry, and waits for it to finish. */
  async function runAgain(name: string, invoiceId: string, jobId: string): Promise<unknown> {
    const job = await t.queue(QUEUES.subscriptions).add(name, { invoiceId }, { jobId });
    return job.finished();
  }

  it('mirrors each issued invoice as one AUTHORISED Xero invoice under our number, lines, dates and the configured account', async () => {
    const clients = await Promise.all([teamClient(2), teamClient(0), teamClient(1)]);
    const invoices = await Promise.all(clients.map((c) => issue(c.clientId)));
    const rows = await Promise.all(invoices.map((i) => mirrored(i.id)));

    const state = await xeroState();
    for (const [k, inv] of invoices.entries()) {
      const twins = state.invoices.filter((x) => x.InvoiceNumber === inv.number);
      expect(twins).toHaveLength(1);
      const x = twins[0]!;
      expect(x.InvoiceID).toBe(rows[k]!.xero_invoice_id);
      expect([x.Type, x.Status, x.Reference]).toEqual(['ACCREC', 'AUTHORISED', inv.number]);
      expect(x.Contact.ContactNumber).toBe(clients[k]!.clientId);
      expect(x.DateString.slice(0, 10)).toBe(inv.issuedOn);
      expect(x.DueDateString.slice(0, 10)).toBe(inv.dueOn);
      expect(x.LineItems.map((l) => [l.Description, l.Quantity, l.UnitAmount, l.AccountCode, l.TaxType])).toEqual(
        inv.lines.map((l) => [l.description, l.quantity, l.unitNet / 100, '200', 'OUTPUT2']),
      );
      expect(Math.round(x.Total * 100)).toBe(inv.grossAmount);
      expect(x.AmountDue).toBe(x.Total);
    }
  });

  it('applies a payment once into the bank account, even when the payment job runs again and after a crash before its id was stored', async () => {
    const c = await teamClient();
    const inv = await issue(c.clientId);
    const paid = (await t.http().post(`/api/subscription/invoices/${inv.id}/pay`).set(bearer(c.token)).send({}).expect(201)).body as {
      status: string;
    };
    expect(paid.status).toBe('succeeded');
    const first = await until(
      'the Xero payment',
      () => row(inv.id),
      (r) => r.xero_payment_id !== null,
    );

    // A retried job: the payment stays one.
    expect(await runAgain('xero.subscription-payment', inv.id, `again:${inv.id}`)).toBe(first.xero_payment_id);
    // A crash after Xero took the payment and before we stored its id: the re-run finds it on the
    // invoice and sends nothing (so it holds even once Xero has forgotten the Idempotency-Key).
    await t.db.query('UPDATE subscription_invoices SET xero_payment_id = NULL WHERE id = $1', [inv.id]);
    await clearCalls();
    expect(await runAgain('xero.subscription-payment', inv.id, `after-crash:${inv.id}`)).toBe(first.xero_payment_id);
    expect(await writes()).toEqual([]);
    expect((await row(inv.id)).xero_payment_id).toBe(first.xero_payment_id);

    const state = await xeroState();
    const payments = state.payments.filter((p) => p.Reference === inv.number);
    expect(payments.map((p) => [p.PaymentID, p.Amount, p.Account.Code, p.Invoice.InvoiceID])).toEqual([
      [first.xero_payment_id, inv.grossAmount / 100, '090', first.xero_invoice_id],
    ]);
    const x = state.invoices.find((i) => i.InvoiceID === first.xero_invoice_id)!;
    expect([x.Status, x.AmountPaid, x.AmountDue, x.Payments.length]).toEqual(['PAID', inv.grossAmount / 100, 0, 1]);
    expect(state.invoices.filter((i) => i.InvoiceNumber === inv.number)).toHaveLength(1);
  });

  it('mirrors a checkout (issued and paid at once, jobs in any order) as one Xero invoice and one payment', async () => {
    const c = await onboardBillable(t, industry.id);
    const res = (await t.http().post('/api/subscription/checkout').set(bearer(c.token)).send({ planId }).expect(201)).body as {
      status: string;
      invoice: InvoiceBody;
    };
    expect(res.status).toBe('succeeded');
    const inv = res.invoice;
    const done = await until(
      'the Xero invoice and payment',
      () => row(inv.id),
      (r) => r.xero_invoice_id !== null && r.xero_payment_id !== null,
    );
    const state = await xeroState();
    expect(state.invoices.filter((i) => i.InvoiceNumber === inv.number).map((i) => [i.InvoiceID, i.Status, i.AmountPaid])).toEqual([
      [done.xero_invoice_id, 'PAID', inv.grossAmount / 100],
    ]);
    expect(state.payments.filter((p) => p.Reference === inv.number).map((p) => p.PaymentID)).toEqual([done.xero_payment_id]);
  });

  it('credits a voided invoice with one Xero credit note under our LF-CN number, allocated to its Xero invoice', async () => {
    const c = await teamClient(1);
    const inv = await issue(c.clientId);
    const voided = (await t.http().post(`/api/admin/invoices/${inv.id}/void`).set(bearer(admin)).send({ reason: 'Wrong plan' }).expect(200))
      .body as InvoiceBody;
    const noteId = await until(
      'the Xero credit note',
      () => creditNoteId(inv.id),
      (id) => id !== null,
    );
    const xeroInvoiceId = (await row(inv.id)).xero_invoice_id;

    const check = async () => {
      const state = await xeroState();
      const notes = state.creditNotes.filter((n) => n.CreditNoteNumber === voided.creditNote!.number);
      expect(notes.map((n) => [n.CreditNoteID, n.Type, n.Reference, n.Status, n.RemainingCredit])).toEqual([
        [noteId, 'ACCRECCREDIT', voided.creditNote!.number, 'PAID', 0],
      ]);
      expect(notes[0]!.Allocations.map((a) => [a.Invoice.InvoiceID, a.Amount])).toEqual([[xeroInvoiceId, inv.grossAmount / 100]]);
      const x = state.invoices.filter((i) => i.InvoiceNumber === inv.number);
      expect(x.map((i) => [i.InvoiceID, i.AmountCredited, i.AmountDue, i.Status])).toEqual([
        [xeroInvoiceId, inv.grossAmount / 100, 0, 'PAID'],
      ]);
    };
    await check();

    // A crash after Xero made and allocated the note, before we stored its id: the worker's sweep queues it again; still one note, one allocation.
    await t.db.query('UPDATE subscription_credit_notes SET xero_credit_note_id = NULL WHERE invoice_id = $1', [inv.id]);
    await clearCalls();
    const found = await t.worker!.get(SubscriptionXeroSweep).sweep(0);
    expect(found.creditNotes).toBe(1);
    expect(
      await until(
        'the credit note id again',
        () => creditNoteId(inv.id),
        (id) => id !== null,
      ),
    ).toBe(noteId);
    expect(await writes()).toEqual([]);
    await check();
  });

  it('makes a missing Xero invoice again after a crash without duplicating it, and waits out a 429', async () => {
    const c = await teamClient();
    await clearCalls();
    await failNext(t, 'xero.invoices.create', 1, { status: 429, code: '1' });
    const inv = await issue(c.clientId);
    const first = await mirrored(inv.id);
    expect(await writes()).toEqual(['PUT /Invoices 429', 'PUT /Invoices 200']);
    await t.db.query('UPDATE subscription_invoices SET xero_invoice_id = NULL WHERE id = $1', [inv.id]);
    await clearCalls();
    expect(await runAgain('xero.subscription-invoice', inv.id, `after-crash:${inv.id}`)).toBe(first.xero_invoice_id);
    expect(await writes()).toEqual([]);
    expect((await row(inv.id)).xero_invoice_id).toBe(first.xero_invoice_id);
    expect((await xeroState()).invoices.filter((i) => i.InvoiceNumber === inv.number).map((i) => i.InvoiceID)).toEqual([
      first.xero_invoice_id,
    ]);
  });

  it('queues nothing while Xero is not connected, and mirrors what waited once it is connected again', async () => {
    const c = await teamClient();
    await t
      .http()
      .delete('/api/admin/xero')
      .set(bearer(admin))
      .expect((r) => expect(r.status).toBeLessThan(300));
    const inv = await issue(c.clientId);
    await until(
      'the issued event to be published',
      async () =>
        (await t.db.query(
          "SELECT published_at FROM outbox_events WHERE type = 'subscription_invoice.issued' AND payload->>'invoiceId' = $1",
          [inv.id],
        )) as Array<{ published_at: Date | null }>,
      (rows) => rows.length === 1 && rows[0]!.published_at !== null,
    );
    const waiting = await t.queue(QUEUES.subscriptions).getJob(`xero.subscription-invoice:${inv.id}`);
    expect(waiting).toBeNull();
    expect((await row(inv.id)).xero_invoice_id).toBeNull();

    await connectXero(t, admin);
    const done = await mirrored(inv.id);
    expect((await xeroState()).invoices.filter((i) => i.InvoiceNumber === inv.number).map((i) => i.InvoiceID)).toEqual([
      done.xero_invoice_id,
    ]);
  });
});
