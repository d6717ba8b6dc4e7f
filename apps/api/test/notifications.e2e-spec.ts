import { LedgerService } from '../src/billing/ledger.service';
import { NotificationsQueue } from '../src/core/queue/email-queue';
import { bearer, createAdmin, registerClient } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

const ALL_ON = { newLead: true, lowBalance: true, payments: true, invoices: true, webhookFailures: true, reports: true };

describe('notification preferences, balance emails and the activity log', () => {
  let t: TestApp;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RELAY_INTERVAL_MS: '25' } });
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => t.close());

  async function spendToZero(clientId: string): Promise<void> {
    await ledger.credit('top_up', { clientId, amount: 1_000, cause: `seed:${clientId}` });
    const r = await ledger.charge({ clientId, amount: 1_000, cause: `delivery:test-${clientId}` });
    expect(r.outcome).toBe('applied');
  }
  async function relayed(clientId: string, type: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await t.db.query(`SELECT 1 FROM outbox_events WHERE client_id = $1 AND type = $2 AND published_at IS NOT NULL`, [
        clientId,
        type,
      ]);
      if (rows.length) break;
      if (Date.now() > deadline) throw new Error(`${type} was not relayed`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await waitForQueuesToDrain(t.queues());
  }

  it('starts with every email on except new leads, and validates a change naming the field', async () => {
    const c = await registerClient(t);
    expect((await t.http().get('/api/notification-preferences').set(bearer(c.token)).expect(200)).body).toEqual({
      ...ALL_ON,
      newLead: false,
    });
    const bad = await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(c.token))
      .send({ ...ALL_ON, payments: 'yes' })
      .expect(400);
    expect(JSON.stringify(bad.body.details)).toContain('payments');
    await t.http().put('/api/notification-preferences').set(bearer(c.token)).send({ newLead: true }).expect(400);
    expect((await t.http().get('/api/notification-preferences').set(bearer(c.token)).expect(200)).body).toEqual({
      ...ALL_ON,
      newLead: false,
    });
  });

  it('emails the owner when credit runs out, unless they turned balance emails off', async () => {
    const on = await registerClient(t);
    await spendToZero(on.clientId);
    const mails = await t.inbox.waitFor(on.email, 2);
    const zero = mails.find((m) => m.subject === 'You are out of credit: leads have stopped');
    expect(zero?.text).toContain('http://app.test/billing');
    expect(zero?.html).toContain('Top up');

    const off = await registerClient(t);
    await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(off.token))
      .send({ ...ALL_ON, lowBalance: false })
      .expect(200);
    await spendToZero(off.clientId);
    await relayed(off.clientId, 'credits.zero');
    expect(t.inbox.to(off.email).map((m) => m.subject)).toEqual(['Welcome to LeadFlow']);
  });

  it('sends a balance email only while it is still true, and tells an auto-charge client what is happening', async () => {
    const emails = t.app.get(NotificationsQueue);
    // Out of credit when the event happened, topped up before its email went out: nothing is sent.
    const toppedUp = await registerClient(t);
    await ledger.credit('top_up', { clientId: toppedUp.clientId, amount: 4_000, cause: `seed:${toppedUp.clientId}` });
    await emails.add('email.low-balance', { clientId: toppedUp.clientId, balance: 0, zero: true }, `stale:${toppedUp.clientId}`);
    await waitForQueuesToDrain(t.queues());
    expect(t.inbox.to(toppedUp.email).map((m) => m.subject)).toEqual(['Welcome to LeadFlow']);

    // Still out of credit, with auto-charge on: the email says it is buying credit, not "turn on auto-charge".
    const auto = await registerClient(t);
    await t.db.query(
      `INSERT INTO credit_accounts (client_id, auto_charge_enabled, auto_charge_threshold, auto_charge_amount) VALUES ($1, true, 2000, 5000)`,
      [auto.clientId],
    );
    await emails.add('email.low-balance', { clientId: auto.clientId, balance: 0, zero: true }, `auto:${auto.clientId}`);
    const mail = (await t.inbox.waitFor(auto.email, 2)).find((m) => m.subject === 'You are out of credit: leads have stopped');
    expect(mail?.text).toContain('Auto-charge is on and is buying £50.00 of credit on your default card.');
    expect(mail?.text).not.toContain('turn on auto-charge');
  });

  it('lists every change to the account with who made it, before and after — for the client and for admins', async () => {
    const c = await registerClient(t);
    await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(c.token))
      .send({ ...ALL_ON, invoices: false })
      .expect(200);
    const admin = await createAdmin(t);
    await t
      .http()
      .patch(`/api/admin/clients/${c.clientId}/billing-mode`)
      .set(bearer(admin))
      .send({ billingMode: 'non_billable' })
      .expect(200);

    const page = (await t.http().get('/api/activity?pageSize=10').set(bearer(c.token)).expect(200)).body;
    expect(page.meta).toEqual({ page: 1, pageSize: 10, total: 2 });
    expect(page.items[0]).toMatchObject({
      action: 'billing_mode.changed',
      actor: expect.stringMatching(/\(admin\)$/),
      before: { billingMode: 'billable' },
      after: { billingMode: 'non_billable' },
    });
    expect(page.items[1]).toMatchObject({
      action: 'notification_preferences.updated',
      actor: 'Ada Lovelace',
      before: { invoices: true },
      after: { invoices: false },
    });
    const asAdmin = (await t.http().get(`/api/admin/clients/${c.clientId}/activity`).set(bearer(admin)).expect(200)).body;
    expect(asAdmin.items.map((i: { id: string }) => i.id)).toEqual(page.items.map((i: { id: string }) => i.id));
    await t.http().get(`/api/admin/clients/${c.clientId}/activity`).set(bearer(c.token)).expect(403);
    const other = await registerClient(t);
    expect((await t.http().get('/api/activity').set(bearer(other.token)).expect(200)).body.meta.total).toBe(0);
  });
});
