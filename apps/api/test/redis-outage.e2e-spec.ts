import { LedgerService } from '../src/billing/ledger.service';
import { freePort, startRedis, type RunningService } from '../../../scripts/lib/services.cjs';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, registerClient } from './utils/actors';
import { TestApp } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';
import { textsTo, verifiedNumber } from './utils/sms';
import { until } from './utils/until';

/** How long Redis stays down: 60 s by default, shorter where CI time matters (REDIS_OUTAGE_SECONDS). */
const OUTAGE_MS = Number(process.env.REDIS_OUTAGE_SECONDS ?? 60) * 1_000;
/** Leads sent while it is down, spread evenly over the outage. */
const LEADS_DURING = 40;

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

/**
 * The decision this test pins down: Redis is not on the hot path. While it is down, leads are
 * accepted and charged (the answer does not wait for Redis), webhook events wait in the outbox,
 * and the work a change implies (auto-charge, emails, Xero invoices) is parked in PostgreSQL;
 * all of it goes out once Redis is back.
 */
describe('Redis outage', () => {
  let t: TestApp;
  let redis: RunningService;
  let port: number;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis({ port });
    t = await TestApp.create({
      env: {
        REDIS_URL: redis.url,
        WEBHOOK_RELAY_INTERVAL_MS: '25',
        WEBHOOK_RETRY_BASE_MS: '20',
        SMS_ALERTS_PER_WINDOW: '1000',
        SMS_PRICE_PER_SEGMENT: '0',
      },
    });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
    await redis.stop();
  });

  it(
    `keeps accepting and charging leads for ${OUTAGE_MS / 1_000} s without Redis, and loses no event or job`,
    async () => {
      const admin = await createAdmin(t);
      const industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
      await connectXero(t, admin);
      const b = await onboardBillable(t, industry.id);
      await t
        .http()
        .put('/api/onboarding/lead-preferences')
        .set(bearer(b.token))
        .send(
          leadPreferences({
            postcodeAreas: ['M1'],
            dailyCap: 1_000,
            weeklyCap: null,
            deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            deliveryStart: '00:00',
            deliveryEnd: '24:00',
          }),
        )
        .expect(200);
      // The first lead leaves the balance on the threshold; the next one, during the outage, crosses it.
      // (Credit first: switching auto-charge on below the threshold would charge at once.)
      await t.app.get(LedgerService).credit('top_up', { clientId: b.clientId, amount: 100_000, cause: `seed:${b.clientId}` });
      await t
        .http()
        .put('/api/billing/auto-charge')
        .set(bearer(b.token))
        .send({ enabled: true, threshold: 99_000, amount: 20_000 })
        .expect(200);
      const ep = (
        await t
          .http()
          .post('/api/webhook-endpoints')
          .set(bearer(b.token))
          .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
          .expect(201)
      ).body;
      // A verified mobile number for new-lead texts: they go through the outbox too. (Free here, so the
      // auto-charge threshold below is crossed by leads alone; sms.e2e-spec charges them.)
      const mobile = await verifiedNumber(t, b.token, '07700 900777');
      await t
        .http()
        .patch(`/api/sms/numbers/${mobile.id}`)
        .set(bearer(b.token))
        .send({ lowBalance: false, paymentFailed: false })
        .expect(200);
      const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
      const run = Date.now();
      const post = (i: number) =>
        t
          .http()
          .post(inbound)
          .send({ lead_id: `LB-OUT-${run}-${i}`, firstname: 'Ann', phone1: `07700${String(900_000 + i)}`, postcode: 'M1 1AE' });

      // One lead with Redis up: the pipe works.
      const before = (await post(0).expect(201)).body.leadId as string;
      await receiver.waitFor((all) => all.length === 1);
      expect(
        await t.db.query(`SELECT count(*)::int AS n FROM payments WHERE client_id = $1 AND kind = 'auto_charge'`, [b.clientId]),
      ).toEqual([{ n: 0 }]);

      await redis.stop();
      const stoppedAt = Date.now();
      const during: Array<{ leadId: string; status: number; answeredAt: number }> = [];
      for (let i = 1; i <= LEADS_DURING; i += 1) {
        const res = await post(i);
        during.push({ leadId: res.body.leadId as string, status: res.status, answeredAt: Date.now() });
        await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + (i * OUTAGE_MS) / (LEADS_DURING + 1) - Date.now())));
      }
      // A sign-up in the middle of it: its welcome email is parked too.
      const newcomer = await registerClient(t);
      const parked: Array<{ name: string }> = await t.db.query(`SELECT name FROM parked_jobs ORDER BY id`);
      const waitingEvents = await t.db.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND type = 'lead.send_data' AND client_id = $1`,
        [b.clientId],
      );
      const account = (await t.db.query(`SELECT balance::int AS balance FROM credit_accounts WHERE client_id = $1`, [b.clientId]))[0] as {
        balance: number;
      };
      const textsDuring = (await textsTo(t, mobile.phone)).filter((m) => m.body.startsWith('New '));
      await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + OUTAGE_MS - Date.now())));
      const restartedAt = Date.now();
      redis = await startRedis({ port });

      // While Redis was down: every lead was accepted and charged, and answered before it came back.
      expect(during.map((d) => d.status)).toEqual(Array(LEADS_DURING).fill(201));
      expect(during.every((d) => d.answeredAt < restartedAt)).toBe(true);
      expect(account.balance).toBe(100_000 - (LEADS_DURING + 1) * 1_000);
      expect(textsDuring.length).toBeLessThanOrEqual(1);
      expect(waitingEvents[0].n).toBe(LEADS_DURING);
      expect(receiver.received).toHaveLength(1);
      const parkedNames = parked.map((p) => p.name);
      expect(parkedNames).toContain('autocharge.run');
      expect(parkedNames).toContain('email.welcome');

      // After: every event delivered once, every parked job run.
      await receiver.waitFor((all) => all.length >= LEADS_DURING + 1, 60_000);
      const leadIds = receiver.received.map((w) => w.body.data.leadId);
      expect(leadIds).toHaveLength(LEADS_DURING + 1);
      expect(new Set(leadIds)).toEqual(new Set([before, ...during.map((d) => d.leadId)]));
      for (const w of receiver.received) WebhookReceiver.verify(ep.secret, w);

      // A text per lead, each once, each recorded once.
      const texts = await until(
        'a text for every lead',
        async () => (await textsTo(t, mobile.phone)).filter((m) => m.body.startsWith('New ')),
        (all) => all.length >= LEADS_DURING + 1,
        60_000,
      );
      const textedLeads = texts.map((m) => /\/leads\/([0-9a-f-]{36})/.exec(m.body)?.[1]);
      expect(textedLeads).toHaveLength(LEADS_DURING + 1);
      expect(new Set(textedLeads)).toEqual(new Set([before, ...during.map((d) => d.leadId)]));
      await until(
        'every text recorded',
        () =>
          t.db.query(`SELECT count(*)::int AS n FROM usage_records WHERE client_id = $1 AND reason = 'free'`, [b.clientId]) as Promise<
            Array<{ n: number }>
          >,
        (rows) => rows[0].n === LEADS_DURING + 1,
      );

      const autoCharges = await until(
        'the auto-charge and its Xero invoice',
        () =>
          t.db.query(`SELECT status, xero_invoice_id FROM payments WHERE client_id = $1 AND kind = 'auto_charge'`, [b.clientId]) as Promise<
            Array<{ status: string; xero_invoice_id: string | null }>
          >,
        (rows) => rows.length > 0 && rows.every((p) => p.status === 'succeeded' && p.xero_invoice_id !== null),
        60_000,
      );
      expect(autoCharges).toHaveLength(1);
      expect((await t.inbox.waitFor(newcomer.email, 1, 30_000)).map((m) => m.subject)).toContain('Welcome to LeadFlow');
      await until(
        'the receipt',
        async () => t.inbox.to(b.email).map((m) => m.subject),
        (subjects) => subjects.some((s) => s.startsWith('Receipt:')),
      );
      await until(
        'an empty parking lot',
        () => t.db.query(`SELECT count(*)::int AS n FROM parked_jobs`),
        (rows) => rows[0].n === 0,
      );

      // The money: one charge per lead, the top-up credited once, and Σ ledger = balance.
      const [money] = await t.db.query(
        `SELECT (SELECT balance::int FROM credit_accounts WHERE client_id = $1) AS balance,
              (SELECT sum(amount)::int FROM ledger_entries WHERE client_id = $1) AS ledger,
              (SELECT count(*)::int FROM ledger_entries WHERE client_id = $1 AND kind = 'lead_charge') AS charges`,
        [b.clientId],
      );
      expect(money).toEqual({
        balance: 100_000 - (LEADS_DURING + 1) * 1_000 + 20_000,
        ledger: money.balance,
        charges: LEADS_DURING + 1,
      });
      const left = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`);
      expect(left[0].n).toBe(0);
    },
    OUTAGE_MS + 180_000,
  );
});
