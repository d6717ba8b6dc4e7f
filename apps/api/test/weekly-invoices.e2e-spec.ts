import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { Transactions } from '../src/core/database/transactions';
import { UsageService } from '../src/billing';
import { LedgerService } from '../src/billing/ledger.service';
import { previousWeek, WeeklyInvoicesService } from '../src/billing/weekly-invoices.service';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

describe('weekly payment requests', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let ledger: LedgerService;
  let weekly: WeeklyInvoicesService;
  let stripe: Stripe;
  // Monday 16 Nov 2026, 09:00 in London: the run invoices Mon 9 – Sun 15 Nov.
  const runAt = new Date('2026-11-16T09:00:00Z');

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { name: 'Solar panels', leadCost: 2_500 });
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
    weekly = t.app.get(WeeklyInvoicesService);
    stripe = new Stripe('sk_test_x', { host: '127.0.0.1', port: Number(new URL(t.sandbox.url).port), protocol: 'http' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the Monday-to-Sunday week before the run, in London time', () => {
    expect(previousWeek(runAt, 'Europe/London')).toEqual({ start: '2026-11-09', end: '2026-11-15' });
    expect(previousWeek(new Date('2026-11-22T23:30:00Z'), 'Europe/London')).toEqual({ start: '2026-11-09', end: '2026-11-15' }); // still Sunday 22nd in London
    expect(previousWeek(new Date('2026-03-30T00:30:00+01:00'), 'Europe/London')).toEqual({ start: '2026-03-23', end: '2026-03-29' }); // across the clock change
  });

  it('invoices each client on weekly terms once per week, even when the job runs twice; invoice.paid settles it', async () => {
    const c = await onboardBillable(t, industry.id);
    await t
      .http()
      .put(`/api/admin/clients/${c.clientId}/credit-terms`)
      .set(bearer(admin))
      .send({ weeklyTerms: true, creditLimit: 100_000 })
      .expect(200);
    for (let i = 0; i < 4; i += 1) {
      const r = await ledger.charge({
        clientId: c.clientId,
        amount: 2_500,
        cause: `delivery:weekly-${c.clientId}-${i}`,
        meta: { industryName: 'Solar panels' },
      });
      expect(r.outcome).toBe('applied');
      await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-10T12:00:00Z' WHERE id = $1`, [
        r.outcome === 'applied' ? r.entry.id : '',
      ]);
    }
    // A charge outside the week is not on this invoice.
    const late = await ledger.charge({
      clientId: c.clientId,
      amount: 2_500,
      cause: `delivery:weekly-${c.clientId}-late`,
      meta: { industryName: 'Solar panels' },
    });
    await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-16T08:00:00Z' WHERE id = $1`, [
      late.outcome === 'applied' ? late.entry.id : '',
    ]);

    const first = await weekly.run(runAt);
    const second = await weekly.run(runAt);
    expect(first.invoiced).toHaveLength(1);
    expect(second.invoiced).toEqual(first.invoiced);
    const payments = await t.db.query(
      `SELECT *, period_start::text AS period_start, period_end::text AS period_end FROM payments WHERE client_id = $1 AND kind = 'weekly_request'`,
      [c.clientId],
    );
    expect(payments).toHaveLength(1);
    const p = payments[0];
    expect(p).toMatchObject({
      status: 'pending',
      net_amount: 10_000,
      vat_amount: 2_000,
      gross_amount: 12_000,
      period_start: '2026-11-09',
      period_end: '2026-11-15',
    });
    expect(p.hosted_invoice_url).toContain(t.sandbox.url);

    const invoices = await stripe.invoices.search({ query: `metadata['paymentId']:'${p.id}'` });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({ status: 'open', amount_due: 12_000, collection_method: 'send_invoice' });

    await waitForQueuesToDrain(t.queues());
    const mail = (await t.inbox.waitFor(c.email, 2)).find((m) => m.subject.startsWith('Invoice'));
    expect(mail?.subject).toBe('Invoice: £120.00 for 2026-11-09 to 2026-11-15');
    expect(mail?.text).toContain(p.hosted_invoice_url);

    const listed = (await t.http().get('/api/billing/payments?kind=weekly_request').set(bearer(c.token)).expect(200)).body.items;
    expect(listed.map((x: { id: string; hostedInvoiceUrl: string }) => [x.id, x.hostedInvoiceUrl])).toEqual([[p.id, p.hosted_invoice_url]]);

    await t.http().post(`/api/billing/invoices/${p.id}/resend`).set(bearer(c.token)).expect(200);
    await waitForQueuesToDrain(t.queues());
    expect(t.inbox.to(c.email).filter((m) => m.subject.startsWith('Invoice'))).toHaveLength(2);

    const before = (await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body.balance;
    expect(before).toBe(-12_500);
    await stripe.invoices.pay(invoices.data[0]!.id, { payment_method: 'pm_card_visa' });
    await fetch(`${t.sandbox.url}/_sandbox/stripe/webhooks/idle`, { method: 'POST' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await t.db.query(`SELECT status FROM payments WHERE id = $1`, [p.id]))[0].status !== 'succeeded')
      await new Promise((r) => setTimeout(r, 50));
    expect((await t.db.query(`SELECT status FROM payments WHERE id = $1`, [p.id]))[0].status).toBe('succeeded');
    expect((await t.http().get('/api/billing').set(bearer(c.token)).expect(200)).body.balance).toBe(-12_500 + 10_000);
    await t.http().post(`/api/billing/invoices/${p.id}/resend`).set(bearer(c.token)).expect(409);
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type = 'invoice.issued'`, [c.clientId]);
    expect(events).toHaveLength(1);
  });

  it('puts the week’s text alerts on the invoice as a usage line, less the ones refunded', async () => {
    const c = await onboardBillable(t, industry.id);
    await t
      .http()
      .put(`/api/admin/clients/${c.clientId}/credit-terms`)
      .set(bearer(admin))
      .send({ weeklyTerms: true, creditLimit: 100_000 })
      .expect(200);
    const usage = t.app.get(UsageService);
    const texts = [randomUUID(), randomUUID(), randomUUID()];
    await t.app.get(Transactions).run(async (tx) => {
      for (const messageId of texts) await usage.chargeSms(tx, { clientId: c.clientId, messageId, segments: 1, billable: true });
      await usage.refundSms(tx, texts[2], 'Twilio: undelivered');
    });
    await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-11T12:00:00Z' WHERE client_id = $1 AND cause LIKE 'usage%'`, [
      c.clientId,
    ]);
    const lines = await weekly.owed(c.clientId, previousWeek(runAt, 'Europe/London'));
    expect(lines).toEqual([
      { description: 'Refunded SMS alerts (not delivered)', quantity: 1, unitAmount: -5 },
      { description: 'SMS alerts', quantity: 3, unitAmount: 5 },
    ]);
  });

  it('does not invoice a client who owes nothing', async () => {
    const c = await onboardBillable(t, industry.id);
    await t
      .http()
      .put(`/api/admin/clients/${c.clientId}/credit-terms`)
      .set(bearer(admin))
      .send({ weeklyTerms: true, creditLimit: 10_000 })
      .expect(200);
    await weekly.run(runAt);
    expect(await t.db.query(`SELECT 1 FROM payments WHERE client_id = $1 AND kind = 'weekly_request'`, [c.clientId])).toHaveLength(0);
  });
});
