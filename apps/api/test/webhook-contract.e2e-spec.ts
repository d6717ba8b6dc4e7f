import Ajv, { type ValidateFunction } from 'ajv';
import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import { WeeklyInvoicesService } from '../src/billing/weekly-invoices.service';
import { EVENT_CATALOG, EVENT_TYPES, SUBSCRIBABLE_EVENT_TYPES } from '../src/webhooks/event-catalog';
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
import { waitForQueuesToDrain } from './utils/queues';
import { newUser, TestApp } from './utils/test-app';
import { until } from './utils/until';
import { WebhookReceiver } from './utils/webhook-receiver';

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
const EVERY_DAY = {
  dailyCap: 100,
  weeklyCap: null,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
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

describe('the webhook contract: every event type’s real payload against the schema published in the OpenAPI document', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await TestApp.create({ env: { WEBHOOK_RELAY_INTERVAL_MS: '25', WEBHOOK_RETRY_BASE_MS: '20' } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
    receiver = await WebhookReceiver.start('/contract');
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  async function onboard(options: { areas?: string[] } = {}): Promise<{ token: string; clientId: string }> {
    const c = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(c.token))
      .send(businessDetails(industry.id, { addressLine2: 'Unit 4', website: undefined }))
      .expect(200);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(c.token))
      .send(leadPreferences({ postcodeAreas: options.areas ?? ['M1'], ...EVERY_DAY }))
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

  it('matches the published schema for every payload of every type, and samples every type in the catalog', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    const validators = contractValidators(doc);
    const platform = (
      await t
        .http()
        .post('/api/admin/webhook-endpoints')
        .set(bearer(admin))
        .send({ url: receiver.url, description: 'CMS', eventTypes: SUBSCRIBABLE_EVENT_TYPES })
        .expect(201)
    ).body as { endpoint: { id: string } };
    const ledger = t.app.get(LedgerService);

    // Buyer one: top-up (credits.topped_up, client.signed_up_with_credits), new areas, then a lead that spends it to zero.
    const b = await onboard();
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
    const b2 = await onboard();
    await ledger.credit('top_up', { clientId: b2.clientId, amount: 10_000, cause: `seed:${b2.clientId}` });
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: true }))
      .expect(200);

    const inbound = new URL((await t.http().get('/api/account').set(bearer(b.token)).expect(200)).body.inboundLeadUrl as string).pathname;
    const accepted = (
      await t
        .http()
        .post(inbound)
        .send({ lead_id: `LB-C-${Date.now()}`, firstname: 'Ann', phone1: '07700900456', postcode: 'M1 1AE' })
        .expect(201)
    ).body as { leadId: string };
    await t
      .http()
      .post(`/api/leads/${accepted.leadId}/report`)
      .set(bearer(b.token))
      .send({ reason: 'wrong_number', note: 'No such person' })
      .expect(201);
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(bearer(b2.token))
      .send(leadPreferences({ postcodeAreas: ['M1'], ...EVERY_DAY, paused: false }))
      .expect(200);
    await t.http().post(`/api/admin/leads/${accepted.leadId}/reprocess`).set(bearer(admin)).expect(200);

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

    // A non-billable client from an invite (client.signed_up_non_billable), and a test event.
    const invite = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string };
    const nb = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...newUser(), inviteToken: invite.token })
        .expect(201)
    ).body as { accessToken: string };
    await t.http().put('/api/onboarding/business-details').set(bearer(nb.accessToken)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(nb.accessToken)).send(leadPreferences()).expect(200);
    await t
      .http()
      .post(`/api/admin/webhook-endpoints/${platform.endpoint.id}/test`)
      .set(bearer(admin))
      .expect((r) => expect(r.status).toBeLessThan(300));

    await waitForQueuesToDrain(t.queues());
    await receiver.waitFor((all) => EVENT_TYPES.every((type) => all.some((w) => w.body.type === type)), 30_000).catch(() => undefined);

    // Every type in the catalog was sampled.
    const missing = EVENT_TYPES.filter((type) => receiver.ofType(type).length === 0);
    expect({ missing }).toEqual({ missing: [] });

    // Every delivered body, envelope and payload, against the published schema of its type.
    const failures: Array<{ type: string; errors: unknown }> = [];
    const envelopes = new Map(EVENT_TYPES.map((type) => [type, validators.envelope(type)]));
    for (const hook of receiver.received) {
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
