import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import { EVENT_VERSIONS } from '../src/webhooks/event-catalog';
import {
  bearer,
  businessDetails,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  registerClient,
  waitForIntegrations,
  type IndustryBody,
} from './utils/actors';
import { newUser, TestApp } from './utils/test-app';
import { WebhookReceiver, type ReceivedWebhook } from './utils/webhook-receiver';
import { until } from './utils/until';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
const EVERY_DAY = {
  dailyCap: 100,
  weeklyCap: null,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
};

/** The ten events of the product brief, by the type names that carry them. */
const TEN_EVENTS: Record<string, string[]> = {
  'activity log': ['activity.recorded'],
  'business details submission': ['business_details.submitted', 'business_details.updated'],
  'CMS buyer': ['cms.buyer'],
  'event expansion': ['credits.zero', 'credits.topped_up', 'postcode_areas.updated'],
  'fully signed up non-billable': ['client.signed_up_non_billable'],
  'fully signed up with credits': ['client.signed_up_with_credits'],
  'lead details submission': ['lead.details_submitted'],
  'lead reported': ['lead.reported'],
  'lead reprocessed': ['lead.reprocessed'],
  'send lead data': ['lead.send_data'],
};

describe('the ten webhook events, each from its real trigger', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let platform: WebhookReceiver;
  let own: WebhookReceiver;

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RELAY_INTERVAL_MS: '25', WEBHOOK_RETRY_BASE_MS: '20' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
    platform = await WebhookReceiver.start('/cms');
    own = await WebhookReceiver.start('/zapier');
  });
  afterAll(async () => {
    await platform.close();
    await own.close();
    await t.close();
  });

  it('delivers every event type, signed, to the platform endpoint and the client’s own endpoint, in order per aggregate', async () => {
    const allTypes = Object.values(TEN_EVENTS).flat();
    const cms = (
      await t
        .http()
        .post('/api/admin/webhook-endpoints')
        .set(bearer(admin))
        .send({ url: platform.url, description: 'CMS', eventTypes: allTypes })
        .expect(201)
    ).body;

    // A billable buyer with their own endpoint from the start.
    const b = await registerClient(t);
    const zap = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(b.token))
        .send({ url: own.url, description: 'Zapier', eventTypes: allTypes })
        .expect(201)
    ).body;
    await t.http().put('/api/onboarding/business-details').set(bearer(b.token)).send(businessDetails(industry.id)).expect(200);
    await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(b.token))
      .send(businessDetails(industry.id, { town: 'Salford' }))
      .expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY }))
      .expect(200);
    await waitForIntegrations(t, b.token);
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(b.token)).expect(201)).body as { url: string };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(b.token))
      .send({ sessionId: await completeHostedCardPage(url) })
      .expect(200);
    const payment = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(b.token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: 2_500 })
        .expect(201)
    ).body;
    await until(
      'the payment to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${payment.id}`)
          .set(bearer(b.token))
          .then((r) => r.body.status as string),
      (s) => s === 'succeeded',
    );
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b.token))
      .send(leadPreferences({ postcodeAreas: ['M1', 'LS1'], ...EVERY_DAY }))
      .expect(200);

    // A second buyer for the reprocess.
    const b2 = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(b2.token)).send(businessDetails(industry.id)).expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY }))
      .expect(200);
    await waitForIntegrations(t, b2.token);
    const card2 = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(b2.token)).expect(201)).body as { url: string };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(b2.token))
      .send({ sessionId: await completeHostedCardPage(card2.url) })
      .expect(200);
    await t.app.get(LedgerService).credit('top_up', { clientId: b2.clientId, amount: 10_000, cause: `seed:${b2.clientId}` });
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: true }))
      .expect(200);

    // A lead to the first buyer through their LeadByte URL: it spends the balance to zero.
    const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
    const accepted = (
      await t
        .http()
        .post(inbound)
        .send({ lead_id: `LB-W-${Date.now()}`, firstname: 'Ann', phone1: '07700900456', postcode: 'M1 1AE' })
        .expect(201)
    ).body;
    await t.http().post(`/api/leads/${accepted.leadId}/report`).set(bearer(b.token)).send({ reason: 'wrong_number' }).expect(201);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: false }))
      .expect(200);
    const again = (await t.http().post(`/api/admin/leads/${accepted.leadId}/reprocess`).set(bearer(admin)).expect(200)).body;
    expect(again.deliveries.map((d: { clientId: string }) => d.clientId)).toEqual([b2.clientId]);

    // A non-billable client from an invite.
    const invite = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string };
    const nb = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...newUser(), inviteToken: invite.token })
        .expect(201)
    ).body;
    await t.http().put('/api/onboarding/business-details').set(bearer(nb.accessToken)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(nb.accessToken)).send(leadPreferences()).expect(200);

    const has = (all: ReceivedWebhook[], types: string[]) => types.every((type) => all.some((w) => w.body.type === type));
    await platform.waitFor((all) => has(all, allTypes));
    for (const [event, types] of Object.entries(TEN_EVENTS)) {
      for (const type of types) {
        const hook = platform.ofType(type)[0];
        expect({ event, type, received: Boolean(hook) }).toEqual({ event, type, received: true });
        expect(WebhookReceiver.verify(cms.secret, hook!)).toMatchObject({ type, version: EVENT_VERSIONS[type] });
      }
    }
    expect(platform.ofType('client.signed_up_non_billable')[0]!.body.clientId).toBe(nb.user.client.id);
    expect(platform.ofType('cms.buyer').find((w) => w.body.clientId === b.clientId)!.body).toMatchObject({
      version: 2,
      data: {
        clientId: b.clientId,
        owner: { email: b.email },
        business: { address: { town: 'Salford', postcode: 'SW1A 1AA' } },
        integrations: { leadbyteBuyerId: expect.any(Number) },
      },
    });
    expect(platform.ofType('lead.reprocessed')[0]!.body.data).toMatchObject({ leadId: accepted.leadId, previousBuyers: [b.clientId] });
    expect(platform.ofType('lead.send_data')[0]!.body.data).toMatchObject({
      leadId: accepted.leadId,
      fields: { firstname: 'Ann', postcode: 'M1 1AE' },
    });
    expect(platform.ofType('credits.zero')[0]!.body.data).toMatchObject({ clientId: b.clientId, balance: 0 });

    // The buyer's own endpoint gets only their events, each verifiable with its own secret.
    const mine = allTypes.filter((type) => type !== 'client.signed_up_non_billable' && type !== 'lead.reprocessed');
    await own.waitFor((all) => has(all, mine));
    expect(own.received.every((w) => w.body.clientId === b.clientId)).toBe(true);
    for (const w of own.received) WebhookReceiver.verify(zap.secret, w);
    expect(own.ofType('lead.reprocessed')).toEqual([]);

    // Per aggregate, in the order the events were recorded.
    await t.http().get('/api/account').set(bearer(b.token)).expect(200);
    const recorded: Array<{ id: string }> = await t.db.query(
      `SELECT id FROM outbox_events WHERE client_id = $1 AND aggregate_type = 'client' ORDER BY seq`,
      [b.clientId],
    );
    await own.waitFor((all) => recorded.every((e) => all.some((w) => w.body.id === e.id)));
    const seen = own.received.filter((w) => recorded.some((e) => e.id === w.body.id)).map((w) => w.body.id);
    expect(seen).toEqual(recorded.map((e) => e.id));
  });
});
