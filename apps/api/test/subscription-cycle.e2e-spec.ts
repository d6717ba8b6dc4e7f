import { addMonths, costUntil } from '../src/subscriptions/billing-periods';
import { SubscriptionCycle } from '../src/subscriptions';
import {
  answerThreeDSecure,
  bearer,
  connectXero,
  createAdmin,
  createIndustry,
  onboardBillable,
  onboardBuyer,
  useTestCard,
  type IndustryBody,
} from './utils/actors';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

interface Sub {
  status: string;
  plan: { id: string; name: string };
  addOnSeats: number;
  seatLimit: number;
  currentPeriodEnd: string | null;
  nextBillAt: string | null;
  cancelAtPeriodEnd: boolean;
  scheduledPlan: { id: string } | null;
  scheduledFor: string | null;
  pastDueSince: string | null;
  suspendedAt: string | null;
  unpaidInvoice: { id: string; number: string } | null;
}
interface Invoice {
  id: string;
  number: string;
  kind: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  grossAmount: number;
  netAmount: number;
  paymentId: string | null;
  attempts: number;
  nextAttemptAt: string | null;
  lines: Array<{ description: string; net: number }>;
}
interface PaymentAnswer {
  status: string;
  paymentId: string | null;
  invoice: Invoice | null;
  nextActionUrl: string | null;
  failureReason: string | null;
  subscription: Sub;
}

/**
 * The platform subscription's cycle against real PostgreSQL, Redis and the Stripe sandbox. Time is
 * the cycle's `now` argument; the card is charged through Stripe like in production.
 */
describe('subscription cycle', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let cycle: SubscriptionCycle;
  let team: { id: string };
  let pro: { id: string };
  let solo: { id: string };

  beforeAll(async () => {
    t = await TestApp.create({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, admin);
    cycle = t.app.get(SubscriptionCycle);
    const plan = async (body: object) =>
      (await t.http().post('/api/admin/plans').set(bearer(admin)).send(body).expect(201)).body as { id: string };
    team = await plan({ name: 'Team', monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true });
    pro = await plan({ name: 'Pro', monthlyPrice: 9_900, seatsIncluded: 10, seatPrice: 1_500, billingPeriod: 'monthly', isPublic: true });
    solo = await plan({ name: 'Solo', monthlyPrice: 1_900, seatsIncluded: 1, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true });
  }, 60_000);
  afterAll(async () => t.close());

  const post = (token: string, path: string, body: object = {}) => t.http().post(path).set(bearer(token)).send(body);
  const sub = async (token: string) => (await t.http().get('/api/subscription').set(bearer(token)).expect(200)).body as Sub;
  const invoicesOf = async (clientId: string) =>
    (
      (await t.http().get(`/api/admin/clients/${clientId}/invoices?pageSize=100`).set(bearer(admin)).expect(200)).body as {
        items: Invoice[];
      }
    ).items.reverse();
  const subscribed = async (planId = team.id) => {
    const c = await onboardBillable(t, industry.id);
    const res = (await post(c.token, '/api/subscription/checkout', { planId }).expect(201)).body as PaymentAnswer;
    expect(res.status).toBe('succeeded');
    return { ...c, end: new Date(res.subscription.currentPeriodEnd!) };
  };
  const paymentsOf = async (invoiceId: string) =>
    (await t.db.query('SELECT status FROM payments WHERE subscription_invoice_id = $1', [invoiceId])) as Array<{ status: string }>;
  const numberOf = (n: string) => Number(n.slice(3));
  /** Test card tokens are unique ids in our table: hand one back when done with it. */
  const releaseCard = (clientId: string) => useTestCard(t, clientId, `pm_done_${clientId}`);

  // First in the file: the only subscription in this database, so its invoices take every number.
  it('runs twelve months: one invoice a month with consecutive numbers, each paid once, validity unbroken', async () => {
    const c = await subscribed();
    let end = c.end;
    for (let month = 0; month < 12; month++) {
      const issued = await cycle.run(new Date(end.getTime() - 6 * DAY));
      expect(issued.issued).toBe(1);
      expect((await sub(c.token)).unpaidInvoice).not.toBeNull();
      const charged = await cycle.run(new Date(end.getTime() + HOUR));
      expect(charged.charged).toBe(1);
      const now = await sub(c.token);
      expect(now.currentPeriodEnd).toBe(addMonths(end, 1).toISOString());
      expect(now.status).toBe('active');
      expect(now.unpaidInvoice).toBeNull();
      end = new Date(now.currentPeriodEnd!);
    }
    const invoices = await invoicesOf(c.clientId);
    expect(invoices).toHaveLength(13); // the checkout's, then twelve renewals
    expect(invoices.map((i) => numberOf(i.number))).toEqual(Array.from({ length: 13 }, (_, i) => numberOf(invoices[0]!.number) + i));
    const renewals = invoices.slice(1);
    for (const [i, inv] of renewals.entries()) {
      expect(inv.status).toBe('paid');
      expect(await paymentsOf(inv.id)).toEqual([{ status: 'succeeded' }]);
      expect(inv.periodStart).toBe((i === 0 ? invoices[0]! : renewals[i - 1]!).periodEnd);
    }
    expect((await sub(c.token)).currentPeriodEnd).toBe(addMonths(c.end, 12).toISOString());
    // Once more at the same times: nothing is issued or charged twice.
    expect(await cycle.run(new Date(end.getTime() - 20 * DAY))).toMatchObject({ issued: 0, charged: 0 });
  }, 120_000);

  it('issues and charges each invoice once when four workers run the cycle at the same moment', async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => subscribed()));
    const latest = Math.max(...clients.map((c) => c.end.getTime()));
    const runs = await Promise.all(Array.from({ length: 4 }, () => cycle.run(new Date(latest - 6 * DAY))));
    expect(runs.reduce((s, r) => s + r.issued, 0)).toBeGreaterThanOrEqual(6);
    const charges = await Promise.all(Array.from({ length: 4 }, () => cycle.run(new Date(latest + HOUR))));
    expect(charges.reduce((s, r) => s + r.charged, 0)).toBeGreaterThanOrEqual(6);
    for (const c of clients) {
      const renewals = (await invoicesOf(c.clientId)).filter((i) => i.periodStart === c.end.toISOString());
      expect(renewals).toHaveLength(1);
      expect(renewals[0]!.status).toBe('paid');
      expect(renewals[0]!.attempts).toBe(1);
      expect(await paymentsOf(renewals[0]!.id)).toEqual([{ status: 'succeeded' }]);
      expect((await sub(c.token)).currentPeriodEnd).toBe(addMonths(c.end, 1).toISOString());
    }
  }, 120_000);

  it('checkout: a declined card leaves the free plan and no invoice; 3-D Secure completes the purchase', async () => {
    const declined = await onboardBillable(t, industry.id);
    await useTestCard(t, declined.clientId, 'pm_card_chargeDeclined');
    const no = (await post(declined.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(no).toMatchObject({ status: 'failed', invoice: null });
    expect(no.failureReason).toMatch(/declined/i);
    expect(no.subscription).toMatchObject({ plan: { name: 'Free' }, currentPeriodEnd: null });
    expect((await t.http().get('/api/subscription/invoices').set(bearer(declined.token)).expect(200)).body.meta.total).toBe(0);
    expect(
      await t.db.query('SELECT 1 FROM subscription_invoices WHERE client_id = $1 AND number IS NOT NULL', [declined.clientId]),
    ).toEqual([]);
    await releaseCard(declined.clientId);

    const secure = await onboardBillable(t, industry.id);
    await useTestCard(t, secure.clientId, 'pm_card_authenticationRequired');
    const asked = (await post(secure.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(asked.status).toBe('requires_action');
    expect(asked.subscription.plan.name).toBe('Free');
    await answerThreeDSecure(asked.nextActionUrl!, 'complete');
    const done = await until(
      'the 3-D Secure checkout to settle',
      () => sub(secure.token),
      (s) => s.plan.id === team.id,
    );
    expect(done.status).toBe('active');
    const [paid] = await invoicesOf(secure.clientId);
    expect(paid).toMatchObject({ status: 'paid', kind: 'plan' });
    expect(paid!.number).toMatch(/^LF-\d{6}$/);
    await releaseCard(secure.clientId);
  }, 60_000);

  it('declines → retries on days 1, 3, 5 → suspended after grace: leads refused as suspended → pay → reactivated, leads again', async () => {
    const b = await onboardBuyer(t, industry.id, { credit: 100_000 });
    const res = (await post(b.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    const end = new Date(res.subscription.currentPeriodEnd!);
    await useTestCard(t, b.clientId, 'pm_card_chargeDeclined');
    await cycle.run(new Date(end.getTime() - 6 * DAY));
    await cycle.run(new Date(end.getTime() + HOUR));
    let s = await sub(b.token);
    expect(s.status).toBe('past_due');
    const inv = s.unpaidInvoice!;
    for (const day of [1, 3, 5]) await cycle.run(new Date(end.getTime() + day * DAY + HOUR));
    const tried = (await invoicesOf(b.clientId)).find((i) => i.id === inv.id)!;
    expect(tried).toMatchObject({ status: 'open', attempts: 4, nextAttemptAt: null });
    expect((await paymentsOf(inv.id)).map((p) => p.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    const failedEvents = (await t.db.query(
      "SELECT payload FROM outbox_events WHERE type = 'subscription.payment_failed' AND client_id = $1",
      [b.clientId],
    )) as Array<{ payload: { reason: string; graceEndsAt: string } }>;
    expect(failedEvents).toHaveLength(4);
    expect(failedEvents[0]!.payload.graceEndsAt).toBe(new Date(end.getTime() + 7 * DAY).toISOString());

    // Within grace: still past due, and leads still flow.
    await cycle.run(new Date(end.getTime() + 6 * DAY));
    expect((await sub(b.token)).status).toBe('past_due');
    let n = 0;
    const lead = () => ({
      lead_id: `SUB-${Date.now()}-${++n}`,
      firstname: 'Ann',
      phone1: `07700${String(500000 + n).slice(-6)}`,
      postcode: 'M1 1AE',
    });
    await t.http().post(b.path).send(lead()).expect(201);

    expect((await cycle.run(new Date(end.getTime() + 7 * DAY + HOUR))).suspended).toBeGreaterThanOrEqual(1);
    s = await sub(b.token);
    expect(s.status).toBe('suspended');
    const refused = await t.http().post(b.path).send(lead()).expect(409);
    expect(refused.body).toMatchObject({ result: 'rejected', code: 'suspended' });
    expect(refused.body.message).toMatch(/suspended/);
    // Sign-in still works; paying reactivates at once.
    await useTestCard(t, b.clientId, 'pm_card_visa');
    const paid = (await post(b.token, `/api/subscription/invoices/${inv.id}/pay`).expect(201)).body as PaymentAnswer;
    expect(paid.status).toBe('succeeded');
    expect(paid.subscription).toMatchObject({ status: 'active', suspendedAt: null, pastDueSince: null, unpaidInvoice: null });
    expect(paid.subscription.currentPeriodEnd).toBe(addMonths(end, 1).toISOString());
    await t.http().post(b.path).send(lead()).expect(201);
    const types = (
      (await t.db.query('SELECT type FROM outbox_events WHERE client_id = $1 ORDER BY seq', [b.clientId])) as Array<{ type: string }>
    )
      .map((e) => e.type)
      .filter((type) => type.startsWith('subscription'));
    expect(types).toEqual(
      expect.arrayContaining(['subscription.suspended', 'subscription.reactivated', 'subscription.renewed', 'subscription_invoice.paid']),
    );
    expect(types.indexOf('subscription.suspended')).toBeLessThan(types.indexOf('subscription.reactivated'));
    await releaseCard(b.clientId);
  }, 120_000);

  it('add-on seats: refused while an invoice is unpaid (named); else the prorated price is charged now, the limit rises, the next invoice bills them', async () => {
    const c = await subscribed();
    await cycle.run(new Date(c.end.getTime() - 6 * DAY));
    const open = (await sub(c.token)).unpaidInvoice!;
    const refused = await post(c.token, '/api/subscription/seats', { addOnSeats: 2 }).expect(409);
    expect(refused.body.message).toContain(open.number);
    await post(c.token, `/api/subscription/invoices/${open.id}/pay`).expect(201);

    const before = await sub(c.token);
    const validUntil = new Date(before.currentPeriodEnd!);
    const t0 = new Date();
    const bought = (await post(c.token, '/api/subscription/seats', { addOnSeats: 2 }).expect(201)).body as PaymentAnswer;
    const t1 = new Date();
    expect(bought.status).toBe('succeeded');
    // Exactly the pure function's price for some moment of the request (it runs on the server's clock).
    const net = bought.invoice!.netAmount;
    expect(net).toBeLessThanOrEqual(costUntil(2 * 1_000, 1, validUntil, t0));
    expect(net).toBeGreaterThanOrEqual(costUntil(2 * 1_000, 1, validUntil, t1));
    expect(net).toBeGreaterThan(2_000); // the rest of this month plus the month already paid ahead
    expect(bought.invoice).toMatchObject({ kind: 'seats', status: 'paid', grossAmount: net + Math.round(net * 0.2) });
    expect(bought.subscription.addOnSeats).toBe(2);
    expect(bought.subscription.seatLimit).toBe(before.seatLimit + 2);
    const team = (await t.http().get('/api/team').set(bearer(c.token)).expect(200)).body as { seatLimit: number };
    expect(team.seatLimit).toBe(before.seatLimit + 2);

    await cycle.run(new Date(validUntil.getTime() - 6 * DAY));
    const next = (await invoicesOf(c.clientId)).at(-1)!;
    expect(next.periodStart).toBe(validUntil.toISOString());
    expect(next.lines.map((l) => l.description)).toEqual([expect.stringMatching(/^Team plan/), expect.stringMatching(/^2 add-on seats/)]);
    expect(next.netAmount).toBe(4_900 + 2 * 1_000);
  }, 60_000);

  it('an advance payment of 3 periods extends validity by 3 and the cycle skips them', async () => {
    const c = await subscribed();
    const paid = (await post(c.token, '/api/subscription/advance', { periods: 3 }).expect(201)).body as PaymentAnswer;
    expect(paid.status).toBe('succeeded');
    expect(paid.invoice).toMatchObject({ kind: 'advance', status: 'paid', netAmount: 3 * 4_900, periodStart: c.end.toISOString() });
    const until3 = addMonths(c.end, 3);
    expect(paid.subscription.currentPeriodEnd).toBe(until3.toISOString());
    for (const at of [
      c.end.getTime() - 6 * DAY,
      c.end.getTime() + HOUR,
      addMonths(c.end, 1).getTime() + HOUR,
      addMonths(c.end, 2).getTime() + HOUR,
    ]) {
      await cycle.run(new Date(at));
      expect((await invoicesOf(c.clientId)).length).toBe(2);
    }
    await cycle.run(new Date(until3.getTime() - 6 * DAY));
    const next = (await invoicesOf(c.clientId)).at(-1)!;
    expect(next).toMatchObject({ kind: 'plan', status: 'open', periodStart: until3.toISOString() });
  }, 60_000);

  it('upgrades now at the prorated difference; downgrades at the end of the paid time, refused while the team is too big', async () => {
    const c = await subscribed();
    const quote = (await post(c.token, '/api/subscription/quote', { planId: pro.id }).expect(200)).body as {
      effective: string;
      netAmount: number;
      problem: string | null;
    };
    expect(quote).toMatchObject({ effective: 'now', problem: null });
    expect(quote.netAmount).toBeGreaterThan(0);
    expect(quote.netAmount).toBeLessThanOrEqual(9_900 - 4_900);
    const up = (await post(c.token, '/api/subscription/plan', { planId: pro.id }).expect(201)).body as PaymentAnswer;
    expect(up).toMatchObject({
      status: 'succeeded',
      invoice: { kind: 'proration', status: 'paid' },
      subscription: { plan: { id: pro.id } },
    });

    // Solo would give 1 seat + the 4 comped at sign-up: an owner and five invites do not fit, and the answer names them.
    for (let i = 0; i < 5; i++)
      await post(c.token, '/api/team/invites', { email: `seat${i}-${c.clientId.slice(0, 8)}@example.co.uk`, role: 'member' }).expect(201);
    const tooBig = await post(c.token, '/api/subscription/plan', { planId: solo.id }).expect(409);
    expect(tooBig.body.message).toMatch(/would give 5 seats and your team uses 6: remove 1 first/);
    expect(tooBig.body.message).toContain(`seat0-${c.clientId.slice(0, 8)}@example.co.uk (invited)`);
    const down = (await post(c.token, '/api/subscription/plan', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(down).toMatchObject({
      status: 'nothing_to_pay',
      subscription: { plan: { id: pro.id }, scheduledPlan: { id: team.id }, scheduledFor: c.end.toISOString() },
    });
    // Changing back to the current plan undoes the scheduled change; then schedule it again.
    expect((await post(c.token, '/api/subscription/plan', { planId: pro.id }).expect(201)).body.subscription).toMatchObject({
      plan: { id: pro.id },
      scheduledPlan: null,
      scheduledFor: null,
    });
    await post(c.token, '/api/subscription/plan', { planId: team.id }).expect(201);
    // The renewal bills the plan it will be, and the change happens at the end of the paid time.
    await cycle.run(new Date(c.end.getTime() - 6 * DAY));
    expect((await invoicesOf(c.clientId)).at(-1)!.lines[0]!.description).toMatch(/^Team plan/);
    await cycle.run(new Date(c.end.getTime() + HOUR));
    expect(await sub(c.token)).toMatchObject({ plan: { id: team.id }, scheduledPlan: null, status: 'active' });
  }, 60_000);

  it('cancels at the end of the paid time (undo before then), back to the free plan with the account kept', async () => {
    const c = await subscribed();
    expect((await post(c.token, '/api/subscription/cancel').expect(200)).body).toMatchObject({ cancelAtPeriodEnd: true, nextBillAt: null });
    expect((await post(c.token, '/api/subscription/resume').expect(200)).body).toMatchObject({ cancelAtPeriodEnd: false });
    await post(c.token, '/api/subscription/cancel').expect(200);
    await cycle.run(new Date(c.end.getTime() - 6 * DAY));
    expect((await invoicesOf(c.clientId)).length).toBe(1); // nothing billed after the end
    await cycle.run(new Date(c.end.getTime() + HOUR));
    expect(await sub(c.token)).toMatchObject({ status: 'canceled', plan: { name: 'Free' }, currentPeriodEnd: null });
    const events = (await t.db.query("SELECT 1 FROM outbox_events WHERE type = 'subscription.canceled' AND client_id = $1", [
      c.clientId,
    ])) as unknown[];
    expect(events).toHaveLength(1);
    // Still signed in, and can buy again.
    const again = (await post(c.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(again.subscription).toMatchObject({ status: 'active', plan: { id: team.id } });
  }, 60_000);

  it('never charges twice for one purchase: concurrent seat purchases, and a late 3-D Secure answer after a second checkout', async () => {
    const c = await subscribed();
    const answers = await Promise.all([2, 2, 2].map((n) => post(c.token, '/api/subscription/seats', { addOnSeats: n })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect((await sub(c.token)).addOnSeats).toBe(2);
    const charged = (await t.db.query(
      "SELECT count(*)::int AS n FROM payments WHERE client_id = $1 AND kind = 'subscription' AND status = 'succeeded'",
      [c.clientId],
    )) as Array<{ n: number }>;
    expect(charged[0]!.n).toBe(2); // the checkout and one seat purchase

    // A checkout left at the bank's page, a second one paid, then the first page answered.
    const d = await onboardBillable(t, industry.id);
    await useTestCard(t, d.clientId, 'pm_card_authenticationRequired');
    const first = (await post(d.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(first.status).toBe('requires_action');
    await useTestCard(t, d.clientId, 'pm_card_visa');
    const second = (await post(d.token, '/api/subscription/checkout', { planId: team.id }).expect(201)).body as PaymentAnswer;
    expect(second.status).toBe('succeeded');
    await useTestCard(t, d.clientId, `pm_done_${d.clientId}`);
    await answerThreeDSecure(first.nextActionUrl!, 'complete');
    const credit = await until(
      'the late payment to be kept as lead credit',
      async () =>
        (await t.db.query("SELECT amount::int AS amount FROM ledger_entries WHERE client_id = $1 AND kind = 'top_up'", [
          d.clientId,
        ])) as Array<{
          amount: number;
        }>,
      (rows) => rows.length > 0,
    );
    expect(credit).toEqual([{ amount: 4_900 }]);
    expect(await sub(d.token)).toMatchObject({ plan: { id: team.id }, currentPeriodEnd: second.subscription.currentPeriodEnd });
    expect((await invoicesOf(d.clientId)).map((i) => i.status)).toEqual(['paid']);
  }, 60_000);

  it('keeps invoice numbers without gaps when writing an invoice fails after its number was taken', async () => {
    const a = await subscribed();
    const b = await subscribed();
    const [{ last_number: before }] = (await t.db.query("SELECT last_number FROM document_counters WHERE series = 'invoice'")) as Array<{
      last_number: number;
    }>;
    await t.db.query(`CREATE FUNCTION fail_invoice_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.client_id = '${a.clientId}' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$`);
    await t.db.query(
      'CREATE TRIGGER fail_invoice_for_test BEFORE INSERT ON subscription_invoices FOR EACH ROW EXECUTE FUNCTION fail_invoice_for_test()',
    );
    try {
      await t.http().post(`/api/admin/clients/${a.clientId}/invoices`).set(bearer(admin)).send({}).expect(500);
    } finally {
      await t.db.query('DROP TRIGGER fail_invoice_for_test ON subscription_invoices');
      await t.db.query('DROP FUNCTION fail_invoice_for_test()');
    }
    const [{ last_number: after }] = (await t.db.query("SELECT last_number FROM document_counters WHERE series = 'invoice'")) as Array<{
      last_number: number;
    }>;
    expect(after).toBe(before);
    const next = (await t.http().post(`/api/admin/clients/${b.clientId}/invoices`).set(bearer(admin)).send({}).expect(201)).body as Invoice;
    expect(numberOf(next.number)).toBe(before + 1);
  }, 60_000);
});
