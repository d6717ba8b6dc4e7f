import { LedgerService } from '../src/billing/ledger.service';
import { freePort, startRedis, type RunningService } from '../../../scripts/lib/services.cjs';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable } from './utils/actors';
import { TestApp } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

describe('webhooks while Redis is down', () => {
  let t: TestApp;
  let redis: RunningService;
  let port: number;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis({ port });
    t = await TestApp.create({ env: { REDIS_URL: redis.url, WEBHOOK_RELAY_INTERVAL_MS: '25', WEBHOOK_RETRY_BASE_MS: '20' } });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
    await redis.stop();
  });

  it('loses no event: leads delivered while Redis is stopped reach the endpoint once it is back', async () => {
    const admin = await createAdmin(t);
    const industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, admin);
    const b = await onboardBillable(t, industry.id);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(b.token)).send(leadPreferences({ postcodeAreas: ['M1'], dailyCap: 100, weeklyCap: null, deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], deliveryStart: '00:00', deliveryEnd: '24:00' })).expect(200);
    await t.app.get(LedgerService).credit('top_up', { clientId: b.clientId, amount: 100_000, cause: `seed:${b.clientId}` });
    const ep = (await t.http().post('/api/webhook-endpoints').set(bearer(b.token)).send({ url: receiver.url, eventTypes: ['lead.send_data'] }).expect(201)).body;
    const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
    const post = (i: number) => t.http().post(inbound).send({ lead_id: `LB-OUT-${Date.now()}-${i}`, firstname: 'Ann', phone1: `0770090${String(1000 + i)}`, postcode: 'M1 1AE' });

    // One lead with Redis up: the pipe works.
    const before = (await post(0).expect(201)).body.leadId as string;
    await receiver.waitFor((all) => all.length === 1);

    await redis.stop();
    const during: string[] = [];
    for (let i = 1; i <= 5; i += 1) during.push((await post(i).expect(201)).body.leadId as string);
    const waiting = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL AND type = 'lead.send_data' AND client_id = $1`, [b.clientId]);
    expect(waiting[0].n).toBe(5);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);

    redis = await startRedis({ port });
    await receiver.waitFor((all) => all.length === 6, 30_000);
    const leadIds = receiver.received.map((w) => w.body.data.leadId);
    expect(new Set(leadIds)).toEqual(new Set([before, ...during]));
    for (const w of receiver.received) WebhookReceiver.verify(ep.secret, w);
    const left = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL`);
    expect(left[0].n).toBe(0);
  });
});
