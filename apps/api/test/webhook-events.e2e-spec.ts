import Ajv, { type ValidateFunction } from 'ajv';
import { randomUUID } from 'node:crypto';
import { SubscriptionCycle } from '../src/subscriptions';
import { LedgerService } from '../src/billing/ledger.service';
import { WeeklyInvoicesService } from '../src/billing/weekly-invoices.service';
import { EVENT_CATALOG, EVENT_TYPES, EVENT_VERSIONS, SUBSCRIBABLE_EVENT_TYPES } from '../src/webhooks/event-catalog';
import {
  bearer,
  businessDetails,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  EVERY_DAY,
  leadPreferences,
  registerClient,
  waitForIntegrations,
  type IndustryBody,
  useTestCard,
} from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { newUser, TestApp } from './utils/test-app';
import { until } from './utils/until';
import { WebhookReceiver, type ReceivedWebhook } from './utils/webhook-receiver';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Schema = Record<string, unknown>;
interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
  'x-webhooks': Record<string, { post: { requestBody: { content: { 'application/json': { schema: Schema } } } } }>;
}

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

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

/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv: `$ref`s to components point at schemas added by name,
 * and `nullable: true` becomes "this, or null" (whatever the schema is made of: a type, an allOf).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', '');
    else if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    else if (key === 'example' || key === 'enum' || key === 'required') out[key] = value;
    else out[key] = toJsonSchema(value);
  }
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/** Ajv loaded with the components the webhook schemas reach, and a validator per event type (whole envelope) and per payload schema. */
function contractValidators(doc: OpenApiDocument): {
  envelope: (type: string) => ValidateFunction;
  payload: (type: string) => ValidateFunction;
} {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  ajv.addKeyword('example');
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date-time', {
    validate: (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/);
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(toJsonSchema(schema) as Schema, name);
  const byType = new Map(EVENT_CATALOG.map((e) => [e.type, e]));
  return {
    envelope: (type) => ajv.compile(toJsonSchema(doc['x-webhooks'][type]!.post.requestBody.content['application/json'].schema) as Schema),
    payload: (type) => ajv.getSchema(byType.get(type)!.data.name)!,
  };
}

/**
 * One scenario drives every event type from its real trigger (onboarding, a Stripe top-up, a
 * LeadByte lead spending the balance to zero, a report, an admin reprocess, a declined auto-charge,
 * a weekly invoice, a subscription invoice and its void, a non-billable invite sign-up, a test event); the tests read what it sent.
 */
describe('webhook events, each from its real trigger', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let platform: WebhookReceiver;
  let own: WebhookReceiver;
  const allTypes = Object.values(TEN_EVENTS).flat();
  let cmsSecret: string;
  let zapSecret: string;
  let b: { token: string; clientId: string; email: string };
  let b2: { token: string; clientId: string };
  let nbClientId: string;
  let leadId: string;

  async function onboard(details: Record<string, unknown>): Promise<{ token: string; clientId: string; email: string }> {
    const c = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id, details)).expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY }))
      .expect(200);
    await waitForIntegrations(t, c.token);
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as { url: string };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(c.token))
      .send({ sessionId: await completeHostedCardPage(url) })
      .expect(200);
    return c;
  }

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RELAY_INTERVAL_MS: '25', WEBHOOK_RETRY_BASE_MS: '20' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
    platform = await WebhookReceiver.start('/cms');
    own = await WebhookReceiver.start('/zapier');
    const ledger = t.app.get(LedgerService);

    const cms = (
      await t
        .http()
        .post('/api/admin/webhook-endpoints')
        .set(bearer(admin))
        .send({ url: platform.url, description: 'CMS', eventTypes: SUBSCRIBABLE_EVENT_TYPES })
        .expect(201)
    ).body as { secret: string; endpoint: { id: string } };
    cmsSecret = cms.secret;

    // Buyer one, with their own endpoint from the start: top-up (credits.topped_up,
    // client.signed_up_with_credits), new areas, then a lead that spends it to zero.
    const registered = await registerClient(t);
    const zap = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(registered.token))
        .send({ url: own.url, description: 'Zapier', eventTypes: allTypes })
        .expect(201)
    ).body as { secret: string };
    zapSecret = zap.secret;
    await t.http().put('/api/onboarding/business-details').set(bearer(registered.token)).send(businessDetails(industry.id)).expect(200);
    await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(registered.token))
      .send(businessDetails(industry.id, { town: 'Salford', addressLine2: 'Unit 4', website: undefined }))
      .expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(registered.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY }))
      .expect(200);
    await waitForIntegrations(t, registered.token);
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(registered.token)).expect(201)).body as {
      url: string;
    };
    await t
      .http()
      .post('/api/onboarding/card/confirm')
      .set(bearer(registered.token))
      .send({ sessionId: await completeHostedCardPage(url) })
      .expect(200);
    b = registered;
    const payment = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(b.token))
        .set('Idempotency-Key', randomUUID())
        .send({ amount: 2_500 })
        .expect(201)
    ).body as { id: string };
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

    // Buyer two, paused for now, for the reprocess.
    b2 = await onboard({ addressLine2: 'Unit 4', website: undefined });
    await ledger.credit('top_up', { clientId: b2.clientId, amount: 10_000, cause: `seed:${b2.clientId}` });
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: true }))
      .expect(200);

    // A lead to buyer one through their LeadByte URL, reported, then reprocessed to buyer two.
    const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
    const accepted = (
      await t
        .http()
        .post(inbound)
        .send({ lead_id: `LB-W-${Date.now()}`, firstname: 'Ann', phone1: '07700900456', postcode: 'M1 1AE' })
        .expect(201)
    ).body as { leadId: string };
    leadId = accepted.leadId;
    await t
      .http()
      .post(`/api/leads/${leadId}/report`)
      .set(bearer(b.token))
      .send({ reason: 'wrong_number', note: 'No such person' })
      .expect(201);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: false }))
      .expect(200);
    const again = (await t.http().post(`/api/admin/leads/${leadId}/reprocess`).set(bearer(admin)).expect(200)).body as {
      deliveries: Array<{ clientId: string }>;
    };
    expect(again.deliveries.map((d) => d.clientId)).toEqual([b2.clientId]);

    // Buyer two below its auto-charge threshold with a declining card: credits.low, auto_charge.failed.
    await t
      .http()
      .put('/api/billing/auto-charge')
      .set(bearer(b2.token))
      .send({ enabled: true, threshold: 5_000, amount: 5_000 })
      .expect(200);
    await t.db.query(`UPDATE payment_methods SET stripe_payment_method_id = 'pm_card_chargeDeclined' WHERE client_id = $1 AND is_default`, [
      b2.clientId,
    ]);
    await ledger.charge({
      clientId: b2.clientId,
      amount: 3_000,
      cause: `delivery:contract-${b2.clientId}`,
      meta: { industryName: industry.name },
    });

    // Buyer one on weekly terms, with a charge in last week: invoice.issued.
    await t
      .http()
      .put(`/api/admin/clients/${b.clientId}/credit-terms`)
      .set(bearer(admin))
      .send({ weeklyTerms: true, creditLimit: 100_000 })
      .expect(200);
    const owed = await ledger.charge({
      clientId: b.clientId,
      amount: 2_500,
      cause: `delivery:contract-week-${b.clientId}`,
      meta: { industryName: industry.name },
    });
    if (owed.outcome !== 'applied') throw new Error(`the weekly charge was not applied: ${owed.outcome}`);
    await t.db.query(`UPDATE ledger_entries SET created_at = '2026-11-10T12:00:00Z' WHERE id = $1`, [owed.entry.id]);
    await t.app.get(WeeklyInvoicesService).run(new Date('2026-11-16T09:00:00Z'));

    // Another lead to buyer one, whose person then asks to be erased (lead.erased).
    await t
      .http()
      .post(inbound)
      .send({ lead_id: `LB-E-${Date.now()}`, firstname: 'Eve', phone1: '07700900457', postcode: 'M1 2AB' })
      .expect(201);
    await t.http().post('/api/admin/privacy/erasures').set(bearer(admin)).send({ phone: '07700 900457' }).expect(201);
    // Buyer one's platform subscription through its whole cycle: checkout (subscription.started,
    // subscription_invoice.issued and .paid), a seat (seats_changed), an upgrade (plan_changed), an
    // admin's invoice voided (.voided), a declined renewal (payment_failed) left unpaid past grace
    // (suspended), paid (renewed, reactivated), then canceled at the end of the paid time (canceled).
    const plan = async (name: string, monthlyPrice: number) =>
      (
        await t
          .http()
          .post('/api/admin/plans')
          .set(bearer(admin))
          .send({ name, monthlyPrice, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true })
          .expect(201)
      ).body as { id: string };
    const events = await plan('Events', 4_900);
    const eventsPlus = await plan('Events Plus', 6_900);
    const asB = bearer(b.token);
    const bought = (await t.http().post('/api/subscription/checkout').set(asB).send({ planId: events.id }).expect(201)).body;
    expect(bought.status).toBe('succeeded');
    await t.http().post('/api/subscription/seats').set(asB).send({ addOnSeats: 1 }).expect(201);
    await t.http().post('/api/subscription/plan').set(asB).send({ planId: eventsPlus.id }).expect(201);
    const invoice = (await t.http().post(`/api/admin/clients/${b.clientId}/invoices`).set(bearer(admin)).send({}).expect(201)).body as {
      id: string;
    };
    await t.http().post(`/api/admin/invoices/${invoice.id}/void`).set(bearer(admin)).send({ reason: 'A test' }).expect(200);
    const cycle = t.app.get(SubscriptionCycle);
    const end = new Date(bought.subscription.currentPeriodEnd as string).getTime();
    await useTestCard(t, b.clientId, 'pm_card_chargeDeclinedInsufficientFunds');
    await cycle.run(new Date(end - 6 * DAY));
    await cycle.run(new Date(end + HOUR));
    await cycle.run(new Date(end + 8 * DAY));
    await useTestCard(t, b.clientId, 'pm_card_visa');
    const unpaid = (await t.http().get('/api/subscription').set(asB).expect(200)).body.unpaidInvoice as { id: string };
    expect((await t.http().post(`/api/subscription/invoices/${unpaid.id}/pay`).set(asB).expect(201)).body.status).toBe('succeeded');
    await useTestCard(t, b.clientId, `pm_done_${b.clientId}`);
    await t.http().post('/api/subscription/cancel').set(asB).expect(200);
    await cycle.run(new Date(end + 40 * DAY));

    // A non-billable client from an invite (client.signed_up_non_billable), and a test event.
    const invite = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string };
    const nb = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...newUser(), inviteToken: invite.token })
        .expect(201)
    ).body as { accessToken: string; user: { client: { id: string } } };
    nbClientId = nb.user.client.id;
    await t.http().put('/api/onboarding/business-details').set(bearer(nb.accessToken)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(nb.accessToken)).send(leadPreferences()).expect(200);
    await t
      .http()
      .post(`/api/admin/webhook-endpoints/${cms.endpoint.id}/test`)
      .set(bearer(admin))
      .expect((r) => expect(r.status).toBeLessThan(300));

    await waitForQueuesToDrain(t.queues());
    await platform.waitFor((all) => EVENT_TYPES.every((type) => all.some((w) => w.body.type === type)), 30_000).catch(() => undefined);
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await own?.close();
    await t?.close();
  });

  it('delivers the ten events, signed, to the platform endpoint and the client’s own endpoint, in order per aggregate', async () => {
    const has = (all: ReceivedWebhook[], types: string[]) => types.every((type) => all.some((w) => w.body.type === type));
    await platform.waitFor((all) => has(all, allTypes));
    for (const [event, types] of Object.entries(TEN_EVENTS)) {
      for (const type of types) {
        const hook = platform.ofType(type)[0];
        expect({ event, type, received: Boolean(hook) }).toEqual({ event, type, received: true });
        expect(WebhookReceiver.verify(cmsSecret, hook!)).toMatchObject({ type, version: EVENT_VERSIONS[type] });
      }
    }
    expect(platform.ofType('client.signed_up_non_billable')[0]!.body.clientId).toBe(nbClientId);
    expect(platform.ofType('cms.buyer').find((w) => w.body.clientId === b.clientId)!.body).toMatchObject({
      version: 2,
      data: {
        clientId: b.clientId,
        owner: { email: b.email },
        business: { address: { town: 'Salford', postcode: 'SW1A 1AA' } },
        leadPreferences: { postcodeAreas: expect.any(Array), weeklySpendLimit: null, monthlySpendLimit: null },
        integrations: { leadbyteBuyerId: expect.any(Number) },
      },
    });
    expect(platform.ofType('lead.reprocessed')[0]!.body.data).toMatchObject({ leadId, previousBuyers: [b.clientId] });
    expect(platform.ofType('lead.send_data')[0]!.body.data).toMatchObject({
      leadId,
      fields: { firstname: 'Ann', postcode: 'M1 1AE' },
    });
    expect(platform.ofType('credits.zero')[0]!.body.data).toMatchObject({ clientId: b.clientId, balance: 0 });

    // The buyer's own endpoint gets only their events, each verifiable with its own secret.
    const mine = allTypes.filter((type) => type !== 'client.signed_up_non_billable' && type !== 'lead.reprocessed');
    await own.waitFor((all) => has(all, mine));
    expect(own.received.every((w) => w.body.clientId === b.clientId)).toBe(true);
    for (const w of own.received) WebhookReceiver.verify(zapSecret, w);
    expect(own.ofType('lead.reprocessed')).toEqual([]);

    // Per aggregate, in the order the events were recorded (of the types the endpoint takes).
    const recorded: Array<{ id: string }> = await t.db.query(
      `SELECT id FROM outbox_events WHERE client_id = $1 AND aggregate_type = 'client' AND type = ANY($2) ORDER BY seq`,
      [b.clientId, allTypes],
    );
    await own.waitFor((all) => recorded.every((e) => all.some((w) => w.body.id === e.id)));
    const seen = own.received.filter((w) => recorded.some((e) => e.id === w.body.id)).map((w) => w.body.id);
    expect(seen).toEqual(recorded.map((e) => e.id));
  });

  it('matches the schema published in the OpenAPI document for every payload of every type, and samples every type in the catalog', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const validators = contractValidators(doc);

    const missing = EVENT_TYPES.filter((type) => platform.ofType(type).length === 0);
    expect({ missing }).toEqual({ missing: [] });

    // Every delivered body, envelope and payload, against the published schema of its type.
    const failures: Array<{ type: string; errors: unknown }> = [];
    const envelopes = new Map(EVENT_TYPES.map((type) => [type, validators.envelope(type)]));
    for (const hook of [...platform.received, ...own.received]) {
      const { type } = hook.body;
      const body: unknown = hook.body;
      const validate = envelopes.get(type);
      if (!validate) failures.push({ type, errors: 'not in the catalog' });
      else if (!validate(body)) failures.push({ type, errors: validate.errors });
    }
    // And every payload recorded in the outbox, delivered or not.
    const rows = (await t.db.query('SELECT type, payload FROM outbox_events ORDER BY seq')) as Array<{ type: string; payload: unknown }>;
    expect(rows.length).toBeGreaterThan(EVENT_TYPES.length);
    for (const row of rows) {
      const validate = validators.payload(row.type);
      if (!validate(row.payload)) failures.push({ type: `${row.type} (outbox)`, errors: validate.errors });
    }
    // The first failure of each type is enough to read.
    const firstPerType = [...new Map(failures.map((f) => [f.type, f])).values()];
    expect(firstPerType).toEqual([]);
  });
});
