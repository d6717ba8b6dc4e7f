import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable } from './utils/actors';
import { TestApp, newUser } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';

/**
 * Generated from the committed OpenAPI document: every client route that takes an id is called by
 * client B with client A's ids, and every admin route is called with a client token. A new route
 * is covered the day it is added to the document.
 */

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  operationId: string;
  'x-roles'?: string[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const spec = JSON.parse(readFileSync(join(__dirname, '../openapi.json'), 'utf8')) as OpenApi;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method]!, roles: item[method]!['x-roles'] ?? [] })),
);
const hasPathParam = (path: string) => /\{[^}]+\}/.test(path);
// Reads first and deletes last, so a leaking write cannot hide a leaking read of the same resource.
const ORDER: Record<Method, number> = { get: 0, post: 1, put: 1, patch: 1, delete: 2 };
const clientRoutes = operations
  .filter((o) => o.roles.includes('client') && hasPathParam(o.path))
  .sort((a, b) => ORDER[a.method] - ORDER[b.method]);
const adminRoutes = operations.filter((o) => o.roles.includes('admin') && !o.roles.includes('client'));

/** A minimal body that satisfies the schema's required properties, so validation is not what answers. */
function sample(schema: Schema | undefined, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.$ref) return sample(spec.components.schemas[schema.$ref.split('/').pop()!], name);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
    case undefined:
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties?.[key], key)]));
    case 'array':
      return [sample(schema.items, name)];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1_000);
    case 'boolean':
      return true;
    default:
      if (schema.format === 'date-time') return new Date(Date.now() - 3_600_000).toISOString();
      if (schema.format === 'uuid' || /id$/i.test(name)) return randomUUID();
      if (/email/i.test(name)) return `someone.${Date.now()}@example.co.uk`;
      if (/url/i.test(name)) return 'http://127.0.0.1:9/hook';
      return 'note';
  }
}

/** Bodies the schema alone cannot make valid (nothing required, but an empty update is refused). */
const BODY_OVERRIDES: Record<string, unknown> = {
  updateEndpoint: { description: 'taken over' },
  reportLead: { reason: 'fake' },
  verifySmsNumber: { code: '123456' },
};
const bodyFor = (op: Operation) => BODY_OVERRIDES[op.operationId] ?? sample(op.requestBody?.content?.['application/json']?.schema);

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

type Kind =
  | 'client'
  | 'user'
  | 'lead'
  | 'report'
  | 'endpoint'
  | 'delivery'
  | 'payment'
  | 'paymentMethod'
  | 'apiKey'
  | 'invite'
  | 'smsNumber'
  | 'subscriptionInvoice';

/**
 * The kind of id a path parameter names, from the path segment before it (every parameter is `{id}`
 * today), or the two before it where one segment names two kinds (`subscription/invoices`).
 */
const SEGMENT_KIND: Record<string, Kind> = {
  'api-keys': 'apiKey',
  invoices: 'payment', // A has no invoice (weekly invoices are for credit-terms clients); its payment is the nearest billing id
  'payment-methods': 'paymentMethod',
  payments: 'payment',
  leads: 'lead',
  invites: 'invite',
  members: 'user',
  numbers: 'smsNumber',
  'webhook-deliveries': 'delivery',
  'webhook-endpoints': 'endpoint',
  clients: 'client',
  reports: 'report',
  subscriptions: 'client',
  'subscription/invoices': 'subscriptionInvoice',
};

describe('tenant isolation, from the OpenAPI document', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let a: Awaited<ReturnType<typeof onboardBillable>>;
  let b: Awaited<ReturnType<typeof onboardBillable>>;
  const ids = {} as Record<Kind, string>;
  /** Strings that must never reach B: every id of A, A's email and A's secrets. */
  let secretsOfA: string[] = [];

  function fillPath(path: string): string {
    return path.replace(/\{([^}]+)\}/g, (_match, param: string, offset: number) => {
      if (param === 'kind') return 'stripe';
      if (param === 'clientId') return ids.client;
      const segments = path.slice(0, offset).split('/').filter(Boolean);
      const segment = segments.at(-1) ?? '';
      return ids[SEGMENT_KIND[segments.slice(-2).join('/')] ?? SEGMENT_KIND[segment] ?? 'client'];
    });
  }

  async function call(method: Method, path: string, op: Operation, token: string) {
    const req = t.http()[method](path).set(bearer(token)).set('Idempotency-Key', randomUUID());
    const body = bodyFor(op);
    return body === undefined ? req : req.send(body as object);
  }

  beforeAll(async () => {
    t = await TestApp.create({ env: { API_RATE_LIMIT_PER_MINUTE: '10000' } });
    receiver = await WebhookReceiver.start();
    const admin = await createAdmin(t);
    const industry = await createIndustry(t, admin, { leadColumns: COLUMNS });
    await connectXero(t, admin);
    a = await onboardBillable(t, industry.id);
    b = await onboardBillable(t, industry.id);
    const asA = bearer(a.token);

    // A lead delivered to A through A's own LeadByte URL, and a report on it.
    await t
      .http()
      .put('/api/onboarding/lead-preferences')
      .set(asA)
      .send(
        leadPreferences({
          postcodeAreas: ['M1'],
          dailyCap: 100,
          weeklyCap: null,
          deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          deliveryStart: '00:00',
          deliveryEnd: '24:00',
        }),
      )
      .expect(200);
    await t.app.get(LedgerService).credit('top_up', { clientId: a.clientId, amount: 10_000, cause: `seed:${a.clientId}` });
    const inboundLeadUrl = (await t.http().get('/api/account').set(asA).expect(200)).body.inboundLeadUrl as string;
    const accepted = (
      await t
        .http()
        .post(new URL(inboundLeadUrl).pathname)
        .send({ lead_id: `LB-ISO-${Date.now()}`, firstname: 'Ann', phone1: '07700900456', postcode: 'M1 1AE' })
        .expect(201)
    ).body;
    const lead = (await t.http().get(`/api/leads/${accepted.leadId}`).set(asA).expect(200)).body;
    expect(lead.status).toBe('delivered');
    const report = (await t.http().post(`/api/leads/${lead.id}/report`).set(asA).send({ reason: 'wrong_number' }).expect(201)).body;

    // A webhook endpoint with one test delivery.
    const created = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(asA)
        .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body;
    const delivery = (await t.http().post(`/api/webhook-endpoints/${created.endpoint.id}/test`).set(asA).expect(202)).body;

    // A top-up, the card it was paid with, an API key and a pending team invite.
    const payment = (
      await t.http().post('/api/billing/top-ups').set(asA).set('Idempotency-Key', randomUUID()).send({ amount: 5_000 }).expect(201)
    ).body;
    const cards = (await t.http().get('/api/billing/payment-methods').set(asA).expect(200)).body.items as Array<{ id: string }>;
    const key = (
      await t
        .http()
        .post('/api/api-keys')
        .set(asA)
        .send({ name: 'CRM', scopes: ['leads:read'] })
        .expect(201)
    ).body;
    const invite = (await t.http().post('/api/team/invites').set(asA).send({ email: newUser().email, role: 'member' }).expect(201)).body;
    // A subscription invoice: A on a paid plan, its next month invoiced by an admin, then voided.
    const team = (
      await t
        .http()
        .post('/api/admin/plans')
        .set(bearer(admin))
        .send({ name: 'Isolation', monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: false })
        .expect(201)
    ).body as { id: string };
    await t.db.query("UPDATE client_subscriptions SET plan_id = $2, current_period_end = now() + interval '1 month' WHERE client_id = $1", [
      a.clientId,
      team.id,
    ]);
    const invoice = (await t.http().post(`/api/admin/clients/${a.clientId}/invoices`).set(bearer(admin)).send({}).expect(201)).body;
    // Voided, so its credit note exists too (the credit note PDF is read by the invoice's id).
    await t.http().post(`/api/admin/invoices/${invoice.id}/void`).set(bearer(admin)).send({ reason: 'Isolation' }).expect(200);
    const smsNumber = (await t.http().post('/api/sms/numbers').set(asA).send({ phone: '07700 900321' }).expect(201)).body;

    Object.assign(ids, {
      client: a.clientId,
      user: a.userId,
      lead: lead.id,
      report: report.id,
      endpoint: created.endpoint.id,
      delivery: delivery.id,
      payment: payment.id,
      paymentMethod: cards[0]!.id,
      apiKey: key.apiKey.id,
      invite: invite.id,
      smsNumber: smsNumber.id,
      subscriptionInvoice: invoice.id,
    } satisfies Record<Kind, string>);
    for (const [kind, id] of Object.entries(ids)) if (typeof id !== 'string' || !id) throw new Error(`no id of A for ${kind}`);
    secretsOfA = [...Object.values(ids), a.email, new URL(inboundLeadUrl).pathname.split('/').pop(), created.secret, key.key].filter(
      (v): v is string => typeof v === 'string' && v.length > 8,
    );
    expect(secretsOfA).toHaveLength(Object.keys(ids).length + 4);
  }, 45_000);
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  it('finds client routes with ids and admin-only routes in the document', () => {
    expect(clientRoutes.length).toBeGreaterThanOrEqual(15);
    expect(adminRoutes.length).toBeGreaterThanOrEqual(30);
    expect(adminRoutes.map((r) => r.op.operationId)).toEqual(
      expect.arrayContaining([
        'requestErasure',
        'exportPersonalData',
        'listPrivacyRequests',
        'adminChangePlan',
        'extendSubscription',
        'getSubscriptionSummary',
      ]),
    );
    expect(clientRoutes.map((r) => r.op.operationId)).toEqual(expect.arrayContaining(['payInvoice', 'getSubscriptionInvoice']));
    // A new kind of resource needs its id here, not a silent fallback to A's client id.
    const unmapped = clientRoutes
      .map((r) => r.path)
      .filter(
        (path) =>
          !SEGMENT_KIND[
            path
              .replace(/\/\{[^}]+\}.*$/, '')
              .split('/')
              .pop()!
          ],
      );
    expect(unmapped).toEqual([]);
  });

  it('answers 403 or 404 to client B on every client route given client A’s ids, and shows B nothing of A', async () => {
    const offenders: string[] = [];
    for (const { method, path, op } of clientRoutes) {
      const url = fillPath(path);
      const res = await call(method, url, op, b.token);
      const text = res.text ?? '';
      const leaked = secretsOfA.filter((s) => text.includes(s));
      if (![403, 404].includes(res.status))
        offenders.push(`${method.toUpperCase()} ${url} (${op.operationId}) → ${res.status}: ${text.slice(0, 200)}`);
      if (leaked.length > 0)
        offenders.push(`${method.toUpperCase()} ${url} (${op.operationId}) → ${res.status} shows A’s ${leaked.join(', ')}`);
    }
    expect(offenders).toEqual([]);
    // The ids were A's real ids: A reads every one of them.
    for (const { method, path, op } of clientRoutes.filter((r) => r.method === 'get')) {
      const res = await call(method, fillPath(path), op, a.token);
      expect([op.operationId, res.status]).toEqual([op.operationId, 200]);
    }
    // A's resources are untouched: B's updates, deletes and revokes did nothing.
    const asA = bearer(a.token);
    const endpoint = (await t.http().get(`/api/webhook-endpoints/${ids.endpoint}`).set(asA).expect(200)).body;
    expect(endpoint.description ?? null).not.toBe('taken over');
    const keys = (await t.http().get('/api/api-keys').set(asA).expect(200)).body as Array<{ id: string; revokedAt: string | null }>;
    expect(keys.find((k) => k.id === ids.apiKey)?.revokedAt).toBeNull();
    const cards = (await t.http().get('/api/billing/payment-methods').set(asA).expect(200)).body.items as Array<{ id: string }>;
    expect(cards.map((c) => c.id)).toContain(ids.paymentMethod);
    expect((await t.http().get('/api/sms/numbers').set(asA).expect(200)).body.items.map((n: { id: string }) => n.id)).toEqual([
      ids.smsNumber,
    ]);
    // B's own lists (no ids in the path) show nothing of A's: its texts, emails and webhooks are A's alone.
    for (const list of ['/api/sms/numbers', '/api/notifications/log', '/api/usage']) {
      const res = await t.http().get(list).set(bearer(b.token)).expect(200);
      expect([list, secretsOfA.filter((secret) => res.text.includes(secret))]).toEqual([list, []]);
    }
    const logOfA = (await t.http().get('/api/notifications/log').set(asA).expect(200)).body.items as Array<{ channel: string }>;
    expect(new Set(logOfA.map((i) => i.channel))).toEqual(new Set(['email', 'sms', 'webhook']));
  });

  it('keeps sign-in methods per person: B sees, unlinks and sets only its own, and links only to itself', async () => {
    // A has Google linked (as a provider sign-in would have left it).
    await t.db.query(`INSERT INTO user_identities (user_id, provider, subject, email) VALUES ($1, 'google', $2, $3)`, [
      a.userId,
      `sub-${a.userId}`,
      a.email,
    ]);
    const asB = bearer(b.token);
    const mine = await t.http().get('/api/account/sign-in-methods').set(asB).expect(200);
    expect(mine.body).toMatchObject({ hasPassword: true, linked: [] });
    expect(secretsOfA.filter((secret) => mine.text.includes(secret))).toEqual([]);
    const unlink = await t.http().delete('/api/account/sign-in-methods/google').set(asB).expect(400);
    expect(unlink.body.message).toBe('No Google account is linked');
    await t.http().put('/api/account/password').set(asB).send({ newPassword: 'taken-over-42' }).expect(400);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM user_identities WHERE user_id = $1`, [a.userId]))[0].n).toBe(1);
    await t.http().post('/api/auth/login').send({ email: a.email, password: 'correct-horse-42' }).expect(200);
    // Linking from B's settings starts B's own flow (its state is bound to B's user, not to a path id).
    const link = await t.http().post('/api/account/sign-in-methods/google/link').set(asB).expect(200);
    expect(new URL(link.body.authorizeUrl).searchParams.get('client_id')).toBeTruthy();
    await t.http().post('/api/account/sign-in-methods/nope/link').set(asB).expect(404);
  });

  it('keeps suppliers apart on ping/post: B cannot ping A’s campaign, nor post, replay or read A’s ping', async () => {
    const admin = await createAdmin(t);
    const industry = (await t.http().get('/api/industries').set(bearer(admin)).expect(200)).body[0] as { id: string };
    const campaign = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(admin))
        .send({ name: 'Isolation pings', industryId: industry.id, strategy: 'waterfall' })
        .expect(201)
    ).body as { id: string };
    await t.http().put(`/api/admin/campaigns/${campaign.id}/subscriptions`).set(bearer(admin)).send({ clientId: a.clientId }).expect(200);
    const supplier = async (name: string, campaignIds: string[]) =>
      ((await t.http().post('/api/admin/suppliers').set(bearer(admin)).send({ name, campaignIds }).expect(201)).body as { apiKey: string })
        .apiKey;
    const keyA = await supplier('Supplier A', [campaign.id]);
    const keyB = await supplier('Supplier B', []);
    const fields = { firstname: 'Ann', phone1: '07700900457', postcode: 'M1 1AE' };
    const ping = await t
      .http()
      .post('/api/leads/ping')
      .set('X-API-Key', keyA)
      .send({ campaignId: campaign.id, fields: { postcode: 'M1 1AE' } })
      .expect(200);
    expect(ping.body.accepted).toBe(true);
    await t
      .http()
      .post('/api/leads/ping')
      .set('X-API-Key', keyB)
      .send({ campaignId: campaign.id, fields: { postcode: 'M1 1AE' } })
      .expect(403);
    const stolen = await t.http().post('/api/leads/post').set('X-API-Key', keyB).send({ pingId: ping.body.pingId, fields }).expect(404);
    expect(stolen.text).not.toContain(a.clientId);
    // A's own post is delivered once; B's repeat of it still finds nothing (no replay of A's answer).
    const posted = await t.http().post('/api/leads/post').set('X-API-Key', keyA).send({ pingId: ping.body.pingId, fields }).expect(200);
    expect(posted.body.status).toBe('delivered');
    const replay = await t.http().post('/api/leads/post').set('X-API-Key', keyB).send({ pingId: ping.body.pingId, fields }).expect(404);
    expect(replay.text).not.toContain(posted.body.leadId);
  });

  it('answers 403 to a client on every admin-only route', async () => {
    const offenders: string[] = [];
    for (const { method, path, op } of adminRoutes) {
      const url = fillPath(path);
      const res = await call(method, url, op, b.token);
      if (res.status !== 403)
        offenders.push(`${method.toUpperCase()} ${url} (${op.operationId}) → ${res.status}: ${(res.text ?? '').slice(0, 200)}`);
    }
    expect(offenders).toEqual([]);
  });
});
