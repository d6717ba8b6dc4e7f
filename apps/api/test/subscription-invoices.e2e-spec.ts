import { pdfText } from './utils/pdf-text';
import { bearer, createAdmin, registerClient } from './utils/actors';
import { TestApp } from './utils/test-app';

interface InvoiceBody {
  id: string;
  number: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  lines: Array<{ description: string; quantity: number; unitNet: number; net: number; vat: number; gross: number }>;
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  creditNote: { number: string; reason: string } | null;
}

describe('subscription invoices', () => {
  let t: TestApp;
  let admin: string;
  let planId: string;

  beforeAll(async () => {
    t = await TestApp.create({
      env: {
        API_RATE_LIMIT_PER_MINUTE: '10000',
        COMPANY_NAME: 'LeadFlow Ltd',
        COMPANY_ADDRESS: '1 High Street, Leeds, LS1 1AA',
        COMPANY_VAT_NUMBER: 'GB123456789',
      },
    });
    admin = await createAdmin(t);
    planId = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({ name: 'Team', monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true })
        .expect(201)
    ).body.id as string;
  });
  afterAll(async () => t.close());

  /** Until checkout exists, a paid subscription is put in place directly: the plan, bought seats, a period ending in a month. */
  async function paidClient(addOnSeats = 0) {
    const c = await registerClient(t);
    await t.db.query(
      "UPDATE client_subscriptions SET plan_id = $2, add_on_seats = $3, current_period_end = '2027-01-01T00:00:00Z' WHERE client_id = $1",
      [c.clientId, planId, addOnSeats],
    );
    return c;
  }

  const issue = (clientId: string, body: object = {}) =>
    t.http().post(`/api/admin/clients/${clientId}/invoices`).set(bearer(admin)).send(body);
  const counter = async (series: string) =>
    ((await t.db.query('SELECT last_number FROM document_counters WHERE series = $1', [series])) as Array<{ last_number: number }>)[0]!
      .last_number;

  it('invoices the plan and bought seats for the next month, with VAT on each line, open and numbered', async () => {
    const c = await paidClient(2);
    const inv = (await issue(c.clientId).expect(201)).body as InvoiceBody;
    expect(inv.number).toMatch(/^LF-\d{6}$/);
    expect(inv.status).toBe('open');
    expect(inv.periodStart).toBe('2027-01-01T00:00:00.000Z');
    expect(inv.periodEnd).toBe('2027-02-01T00:00:00.000Z');
    expect(inv.lines.map((l) => [l.quantity, l.unitNet, l.net, l.vat, l.gross])).toEqual([
      [1, 4_900, 4_900, 980, 5_880],
      [2, 1_000, 2_000, 400, 2_400],
    ]);
    expect([inv.netAmount, inv.vatAmount, inv.grossAmount]).toEqual([6_900, 1_380, 8_280]);
    const mine = (await t.http().get('/api/subscription/invoices').set(bearer(c.token)).expect(200)).body;
    expect(mine.items.map((i: InvoiceBody) => i.number)).toEqual([inv.number]);
    expect(mine.meta.total).toBe(1);
    const events = (await t.db.query("SELECT payload FROM outbox_events WHERE type = 'subscription_invoice.issued' AND client_id = $1", [
      c.clientId,
    ])) as Array<{ payload: { number: string } }>;
    expect(events.map((e) => e.payload.number)).toEqual([inv.number]);
  });

  it('gives 20 concurrent issues for 20 clients 20 consecutive numbers, none twice', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => paidClient()));
    const before = await counter('invoice');
    const numbers = (await Promise.all(clients.map((c) => issue(c.clientId).expect(201)))).map((r) => Number(r.body.number.slice(3)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
  });

  it('never invoices a period twice, even when asked twice at once (409 naming the invoice), and a refused issue burns no number', async () => {
    const c = await paidClient();
    const before = await counter('invoice');
    const both = await Promise.all([issue(c.clientId), issue(c.clientId)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const first = both.find((r) => r.status === 201)!.body as InvoiceBody;
    expect(both.find((r) => r.status === 409)!.body.message).toContain(first.number);
    expect(await counter('invoice')).toBe(before + 1);
    const next = (await issue((await paidClient()).clientId).expect(201)).body as InvoiceBody;
    expect(Number(next.number.slice(3))).toBe(before + 2);
  });

  it('has nothing to invoice on the free plan (422) and names bad input (400)', async () => {
    const free = await registerClient(t);
    const before = await counter('invoice');
    expect((await issue(free.clientId).expect(422)).body.message).toMatch(/free/);
    expect(await counter('invoice')).toBe(before);
    const c = await paidClient();
    const bad = await issue(c.clientId, { periods: 0 }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('periods');
    const inv = (await issue(c.clientId).expect(201)).body as InvoiceBody;
    const noReason = await t.http().post(`/api/admin/invoices/${inv.id}/void`).set(bearer(admin)).send({ reason: ' ' }).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
  });

  it('voids an invoice with a credit note of its own series, logged; a second void is refused', async () => {
    const c = await paidClient();
    const inv = (await issue(c.clientId).expect(201)).body as InvoiceBody;
    const cnBefore = await counter('credit_note');
    const voided = (await t.http().post(`/api/admin/invoices/${inv.id}/void`).set(bearer(admin)).send({ reason: 'Wrong plan' }).expect(200))
      .body as InvoiceBody;
    expect(voided.status).toBe('void');
    expect(voided.creditNote).toMatchObject({ number: `LF-CN-${String(cnBefore + 1).padStart(6, '0')}`, reason: 'Wrong plan' });
    const again = await t.http().post(`/api/admin/invoices/${inv.id}/void`).set(bearer(admin)).send({ reason: 'Twice' }).expect(409);
    expect(again.body.message).toContain(voided.creditNote!.number);
    const log = (await t.db.query("SELECT after FROM activity_log WHERE client_id = $1 AND action = 'subscription_invoice.voided'", [
      c.clientId,
    ])) as Array<{ after: { reason: string } }>;
    expect(log.map((l) => l.after.reason)).toEqual(['Wrong plan']);
    const cn = pdfText((await t.http().get(`/api/subscription/invoices/${inv.id}/credit-note/pdf`).set(bearer(c.token)).expect(200)).body);
    expect(cn.join('\n')).toContain(voided.creditNote!.number);
    expect(cn.join('\n')).toContain(inv.number);
    // A voided period may be invoiced again (corrected), under a new number; the void one keeps its own.
    const corrected = (await issue(c.clientId).expect(201)).body as InvoiceBody;
    expect(corrected.periodStart).toBe(inv.periodStart);
    expect(corrected.number).not.toBe(inv.number);
    await issue(c.clientId).expect(409);
  });

  it('prints a UK VAT invoice: number, our VAT number, the lines and the totals', async () => {
    const c = await paidClient(1);
    const inv = (await issue(c.clientId).expect(201)).body as InvoiceBody;
    const res = await t.http().get(`/api/subscription/invoices/${inv.id}/pdf`).set(bearer(c.token)).expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const text = pdfText(res.body).join('\n');
    const seller = t.config.billing.seller;
    expect(text).toContain(inv.number);
    expect(text).toContain(seller.name);
    expect(text).toContain('VAT number GB123456789');
    expect(text).toContain('VAT invoice');
    expect(text).toContain('Team plan');
    expect(text).toContain('1 add-on seat,');
    expect(text).toContain('tax point');
    expect(text).toContain('1 High Street');
    expect(text).toContain('£49.00');
    expect(text).toContain('£70.80');
  });

  it('shows a client only its own invoices: another client’s id answers 404', async () => {
    const a = await paidClient();
    const b = await registerClient(t);
    const inv = (await issue(a.clientId).expect(201)).body as InvoiceBody;
    await t.http().get(`/api/subscription/invoices/${inv.id}`).set(bearer(b.token)).expect(404);
    await t.http().get(`/api/subscription/invoices/${inv.id}/pdf`).set(bearer(b.token)).expect(404);
    expect((await t.http().get('/api/subscription/invoices').set(bearer(b.token)).expect(200)).body.items).toEqual([]);
    await t.http().post(`/api/admin/clients/${a.clientId}/invoices`).set(bearer(a.token)).send({}).expect(403);
  });
});
