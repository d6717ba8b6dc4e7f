import { randomUUID } from 'node:crypto';
import { NotificationsQueue } from '../src/core/queue/email-queue';
import { SubscriptionCycle, SubscriptionsService } from '../src/subscriptions';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, useTestCard } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import type { ReceivedMail } from './utils/smtp-inbox';
import { TestApp } from './utils/test-app';

const DAY = 86_400_000;
const EMAILED = [
  'subscription_invoice.issued',
  'subscription_invoice.paid',
  'subscription.payment_failed',
  'subscription.suspended',
  'subscription.reactivated',
];

interface InvoiceBody {
  id: string;
  number: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  grossAmount: number;
  nextAttemptAt: string | null;
}

/** "4 Jan 2027": a moment as the emails write it (billing time zone, Europe/London). */
const day = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

describe('subscription emails', () => {
  let t: TestApp;
  let admin: string;
  let industryId: string;
  let planId: string;

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RELAY_INTERVAL_MS: '25', API_RATE_LIMIT_PER_MINUTE: '10000' } });
    admin = await createAdmin(t);
    await connectXero(t, admin);
    industryId = (await createIndustry(t, admin)).id;
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

  /** Every subscription event of the client is published and its emails are sent. */
  async function settled(clientId: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [{ n }] = (await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE client_id = $1 AND type = ANY($2) AND published_at IS NULL`,
        [clientId, EMAILED],
      )) as Array<{ n: number }>;
      if (n === 0) break;
      if (Date.now() > deadline) throw new Error('subscription events were not relayed');
      await new Promise((r) => setTimeout(r, 25));
    }
    await waitForQueuesToDrain(t.queues());
  }

  /** The subscription emails the client's owner got, oldest first (the welcome email left out). */
  async function subscriptionMails(email: string, clientId: string): Promise<ReceivedMail[]> {
    await settled(clientId);
    return t.inbox.to(email).filter((m) => m.subject !== 'Welcome to LeadFlow');
  }

  /** Puts the client's already published subscription events back in the outbox, as a relay that crashed before its commit would. */
  async function relayAgain(clientId: string): Promise<number> {
    const [{ n }] = (await t.db.query(
      `WITH again AS (
         UPDATE outbox_events SET published_at = NULL WHERE client_id = $1 AND type = ANY($2) AND published_at IS NOT NULL RETURNING id
       ) SELECT count(*)::int AS n FROM again`,
      [clientId, EMAILED],
    )) as Array<{ n: number }>;
    await settled(clientId);
    return n;
  }

  const sentKinds = async (clientId: string) =>
    (
      (await t.db.query(`SELECT kind FROM sent_emails WHERE client_id = $1 AND status = 'sent' ORDER BY created_at, kind`, [
        clientId,
      ])) as Array<{ kind: string }>
    ).map((r) => r.kind);

  async function payingClient() {
    const c = await onboardBillable(t, industryId);
    const paid = (await t.http().post('/api/subscription/checkout').set(bearer(c.token)).send({ planId }).expect(201)).body;
    expect(paid.status).toBe('succeeded');
    return { ...c, firstInvoice: paid.invoice as InvoiceBody };
  }

  it('emails a receipt with "valid until" for a checkout paid at once, and no "invoice issued" for it', async () => {
    const c = await payingClient();
    const mails = await subscriptionMails(c.email, c.clientId);
    expect(mails.map((m) => m.subject)).toEqual([`Receipt: invoice ${c.firstInvoice.number}, £58.80 paid`]);
    expect(mails[0].text).toContain(`Thanks — invoice ${c.firstInvoice.number} for ${day(c.firstInvoice.periodStart)} – `);
    expect(mails[0].text).toContain('Total paid: £58.80');
    expect(mails[0].text).toContain(`Your subscription is valid until ${day(c.firstInvoice.periodEnd)}.`);
    expect(mails[0].text).toContain('http://app.test/plan');
    expect(await sentKinds(c.clientId)).toEqual(['welcome', 'subscription_invoice_paid']);
  });

  it('emails an issued invoice (number, period, amount with VAT, due date, link), a failed charge with the pay link, then the receipt — each once though relayed twice', async () => {
    const c = await payingClient();
    const inv = (await t.http().post(`/api/admin/clients/${c.clientId}/invoices`).set(bearer(admin)).send({}).expect(201))
      .body as InvoiceBody;
    expect(inv.status).toBe('open');

    let mails = await subscriptionMails(c.email, c.clientId);
    const issued = mails.filter((m) => m.subject.startsWith(`Invoice ${inv.number}`));
    expect(issued.map((m) => m.subject)).toEqual([`Invoice ${inv.number}: £58.80 due ${day(`${inv.dueOn}T12:00:00Z`)}`]);
    expect(issued[0].text).toContain(
      `Your LeadFlow subscription invoice ${inv.number} for ${day(inv.periodStart)} – ${day(inv.periodEnd)} is ready.`,
    );
    expect(issued[0].text).toContain('Subscription: £49.00\nVAT: £9.80\nTotal due: £58.80');
    expect(issued[0].text).toContain(`We charge your default card on ${day(inv.periodStart)}.`);
    expect(issued[0].text).toContain('View the invoice: http://app.test/plan');
    expect(issued[0].html).toContain('href="http://app.test/plan"');

    // The cycle's first charge, on the period's start, with a card the bank declines.
    await useTestCard(t, c.clientId, 'pm_card_chargeDeclined');
    const chargedAt = new Date(Date.parse(inv.periodStart) + 60_000);
    await t.app.get(SubscriptionCycle).run(chargedAt);
    const after = (await t.http().get(`/api/subscription/invoices/${inv.id}`).set(bearer(c.token)).expect(200)).body as InvoiceBody;
    expect(after.nextAttemptAt).toBe(new Date(Date.parse(inv.periodStart) + DAY).toISOString());

    mails = await subscriptionMails(c.email, c.clientId);
    const failed = mails.filter((m) => m.subject.startsWith('Payment failed'));
    expect(failed.map((m) => m.subject)).toEqual([`Payment failed: invoice ${inv.number} (£58.80)`]);
    expect(failed[0].text).toContain(
      `We could not take £58.80 for your LeadFlow subscription (invoice ${inv.number}): Your bank declined the payment.`,
    );
    expect(failed[0].text).toContain(`We will try your card again on ${day(after.nextAttemptAt!)}.`);
    expect(failed[0].text).toContain(
      `If the invoice is still unpaid on ${day(new Date(Date.parse(inv.periodStart) + 7 * DAY).toISOString())}`,
    );
    expect(failed[0].text).toContain('Pay now: http://app.test/plan');
    expect(failed[0].html).toContain('>Pay now</a>');

    // While the invoice is still open (so only the job ids stand between the events and a second email): relayed again.
    const before = mails.length;
    expect(await relayAgain(c.clientId)).toBeGreaterThanOrEqual(4); // checkout's issued and paid, this invoice's issued, the failure
    expect((await subscriptionMails(c.email, c.clientId)).length).toBe(before);

    // Paid from the Plan page with a good card.
    await useTestCard(t, c.clientId, 'pm_card_visa');
    const pay = (await t.http().post(`/api/subscription/invoices/${inv.id}/pay`).set(bearer(c.token)).expect(201)).body;
    expect(pay.status).toBe('succeeded');
    mails = await subscriptionMails(c.email, c.clientId);
    const receipt = mails.filter((m) => m.subject === `Receipt: invoice ${inv.number}, £58.80 paid`);
    expect(receipt).toHaveLength(1);
    expect(receipt[0].text).toContain(`Your subscription is valid until ${day(inv.periodEnd)}.`);

    await relayAgain(c.clientId);
    expect((await subscriptionMails(c.email, c.clientId)).map((m) => m.subject)).toEqual(mails.map((m) => m.subject));
    expect(await sentKinds(c.clientId)).toEqual([
      'welcome',
      'subscription_invoice_paid',
      'subscription_invoice_issued',
      'subscription_payment_failed',
      'subscription_invoice_paid',
    ]);
    const log = (await t.http().get('/api/notifications/log?channel=email').set(bearer(c.token)).expect(200)).body.items as Array<{
      type: string;
    }>;
    expect(log.map((i) => i.type)).toEqual([
      'subscription_invoice_paid',
      'subscription_payment_failed',
      'subscription_invoice_issued',
      'subscription_invoice_paid',
      'welcome',
    ]);
  });

  it('tells a suspended client that leads have stopped and how to pay, and that they flow again once paid', async () => {
    const c = await payingClient();
    const inv = (await t.http().post(`/api/admin/clients/${c.clientId}/invoices`).set(bearer(admin)).send({}).expect(201))
      .body as InvoiceBody;
    expect(await t.app.get(SubscriptionsService).suspend(c.clientId, new Date(Date.parse(inv.periodStart) + 8 * DAY))).toBe(true);
    let mails = await subscriptionMails(c.email, c.clientId);
    const suspended = mails.filter((m) => m.subject === 'Your account is suspended: leads have stopped');
    expect(suspended).toHaveLength(1);
    expect(suspended[0].text).toContain(`Invoice ${inv.number} (£58.80) is still unpaid`);
    expect(suspended[0].text).toContain('leads have stopped');
    expect(suspended[0].text).toContain('Pay now: http://app.test/plan');

    await t.http().post(`/api/subscription/invoices/${inv.id}/pay`).set(bearer(c.token)).expect(201);
    mails = await subscriptionMails(c.email, c.clientId);
    const back = mails.filter((m) => m.subject === 'Your account is active again: leads are flowing');
    expect(back).toHaveLength(1);
    expect(back[0].text).toContain('Leads are delivered to you again from now.');
    await relayAgain(c.clientId);
    expect((await subscriptionMails(c.email, c.clientId)).length).toBe(mails.length);
  });

  it('sends no payment emails to a client who turned them off, and no "issued" email for an invoice voided before its job ran', async () => {
    const c = await payingClient();
    await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(c.token))
      .send({ newLead: false, lowBalance: true, payments: false, invoices: true, webhookFailures: true, reports: true })
      .expect(200);
    const inv = (await t.http().post(`/api/admin/clients/${c.clientId}/invoices`).set(bearer(admin)).send({}).expect(201))
      .body as InvoiceBody;
    await useTestCard(t, c.clientId, 'pm_card_chargeDeclinedInsufficientFunds');
    await t.http().post(`/api/subscription/invoices/${inv.id}/pay`).set(bearer(c.token)).expect(201);
    const mails = await subscriptionMails(c.email, c.clientId);
    // The checkout's receipt went out before the change; the invoice email is wanted; the failure is not.
    expect(mails.map((m) => m.subject)).toEqual([
      `Receipt: invoice ${c.firstInvoice.number}, £58.80 paid`,
      `Invoice ${inv.number}: £58.80 due ${day(`${inv.dueOn}T12:00:00Z`)}`,
    ]);
    expect(
      (await t.db.query(`SELECT 1 FROM outbox_events WHERE client_id = $1 AND type = 'subscription.payment_failed'`, [c.clientId])).length,
    ).toBe(1);

    // An "invoice issued" job that runs after its invoice was voided (a queue that was behind) sends nothing.
    const other = await payingClient();
    const next = (await t.http().post(`/api/admin/clients/${other.clientId}/invoices`).set(bearer(admin)).send({}).expect(201))
      .body as InvoiceBody;
    await t.http().post(`/api/admin/invoices/${next.id}/void`).set(bearer(admin)).send({ reason: 'Wrong plan' }).expect(200);
    const sent = (await subscriptionMails(other.email, other.clientId)).length;
    await t.app
      .get(NotificationsQueue)
      .add(
        'email.subscription-event',
        { eventId: randomUUID(), type: 'subscription_invoice.issued', clientId: other.clientId, payload: { invoiceId: next.id } },
        `late:${next.id}`,
      );
    await waitForQueuesToDrain(t.queues());
    expect((await subscriptionMails(other.email, other.clientId)).length).toBe(sent);
  });
});
