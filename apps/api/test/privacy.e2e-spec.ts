// nestjs-pino keeps one logger for logs outside a request (jobs, boot) per process; this file reads them.
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { LedgerRepository } from '../src/billing';
import { bearer, campaignWithSupplier, connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { verifiedNumber } from './utils/sms';
import { TestApp } from './utils/test-app';
import { until } from './utils/until';
import { WebhookReceiver } from './utils/webhook-receiver';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: false },
  { key: 'email', label: 'Email', type: 'email', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: false, options: ['pitched', 'flat'] },
  { key: 'notes', label: 'Notes', type: 'text', required: false },
];

const run = Date.now().toString(36);
/** A person as they turn up in leads, and every way their details could be written down. */
function person(name: string, national: string) {
  const email = `${name.toLowerCase()}.${run}@example.com`;
  const digits = national.slice(1);
  return {
    lastname: `${name}son`,
    email,
    phone: national,
    traces: [email, `+44${digits}`, national, digits, `${name}son`],
  };
}
const pat = person('Quillfeather', '07700900771');
const rae = person('Ravensworth', '07700900772');
const sam = person('Saltonstall', '07700900773');

/** Takes over stdout/stderr (pino logs through a replaced `write` instead of fd 1), keeping what is written. */
function captureOutput() {
  const chunks: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const tap = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    rest.find((r): r is () => void => typeof r === 'function')?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = tap;
  process.stderr.write = tap;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    },
  };
}

describe('data protection', () => {
  let t: TestApp;
  let output: ReturnType<typeof captureOutput>;
  let admin: string;
  let industry: IndustryBody;
  let a: Awaited<ReturnType<typeof onboardBuyer>>;
  let b: Awaited<ReturnType<typeof onboardBuyer>>;
  let hooksA: WebhookReceiver;
  let hooksB: WebhookReceiver;

  /** Every text, varchar, char and JSON column of every table that holds one of these strings. */
  async function whereFound(needles: string[]): Promise<string[]> {
    const columns = (await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
        ORDER BY table_name, column_name`,
    )) as Array<{ table_name: string; column_name: string }>;
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const rows = (await t.db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text ILIKE ANY($1::text[])`, [
        needles.map((n) => `%${n}%`),
      ])) as Array<{ n: number }>;
      if (rows[0]!.n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  const lead = (p: ReturnType<typeof person>, extra: Record<string, unknown> = {}) => ({
    lead_id: `LB-P-${run}-${Math.random().toString(36).slice(2)}`,
    firstname: 'Jo',
    lastname: p.lastname,
    email: p.email,
    phone1: p.phone,
    postcode: 'M1 1AE',
    roof_type: 'flat',
    notes: `Call ${p.lastname} after 6`,
    ...extra,
  });
  /** The ledger's rows and the payments (with their invoices) as they are now. */
  const snapshot = async () => ({
    ledger: (await t.db.query(`SELECT id, client_id, kind, amount, balance_after, cause FROM ledger_entries ORDER BY id`)) as Array<{
      id: string;
    }>,
    payments: (await t.db.query(`SELECT * FROM payments ORDER BY id`)) as Array<{ id: string }>,
  });
  /** The rows of `before` as they are now (texts charged meanwhile add rows of their own), and every balance its ledger's sum. */
  const expectMoneyAsBefore = async (before: Awaited<ReturnType<typeof snapshot>>) => {
    const now = await snapshot();
    const same = <R extends { id: string }>(rows: R[], of: R[]) => rows.filter((r) => of.some((o) => o.id === r.id));
    expect(same(now.ledger, before.ledger)).toEqual(before.ledger);
    expect(same(now.payments, before.payments)).toEqual(before.payments);
    expect(before.payments.length).toBeGreaterThan(0);
    for (const row of await t.app.get(LedgerRepository).balancesAndLedgerSums()) expect(row.balance).toBe(row.ledgerSum);
  };

  beforeAll(async () => {
    output = captureOutput();
    __resetOutOfContextForTests();
    t = await TestApp.create({ env: { LOG_LEVEL: 'debug', WEBHOOK_RELAY_INTERVAL_MS: '25' } });
    admin = await createAdmin(t);
    await connectXero(t, admin);
    industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    [a, b] = [await onboardBuyer(t, industry.id, { credit: 20_000 }), await onboardBuyer(t, industry.id, { credit: 20_000 })];
    hooksA = await WebhookReceiver.start('/a');
    hooksB = await WebhookReceiver.start('/b');
    for (const [buyer, hooks] of [
      [a, hooksA],
      [b, hooksB],
    ] as const) {
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(buyer.token))
        .send({ url: hooks.url, eventTypes: ['lead.send_data', 'lead.reported', 'lead.erased', 'activity.recorded'] })
        .expect(201);
    }
    // A's endpoint echoes what it is sent, as some do: the attempt log keeps the first kilobyte of the answer.
    hooksA.answerEach((w) => ({ status: 200, body: w.raw }));
    await verifiedNumber(t, a.token, '07700 900111');
    // A paid top-up: a payment (and its invoice) that erasure must leave as it is.
    const payment = (
      await t
        .http()
        .post('/api/billing/top-ups')
        .set(bearer(a.token))
        .set('Idempotency-Key', `privacy-${run}`)
        .send({ amount: 5_000 })
        .expect(201)
    ).body as { id: string };
    await until(
      'the top-up to succeed',
      () =>
        t
          .http()
          .get(`/api/billing/payments/${payment.id}`)
          .set(bearer(a.token))
          .then((r) => r.body.status as string),
      (status) => status === 'succeeded',
    );
  }, 60_000);
  afterAll(async () => {
    try {
      await hooksA?.close();
      await hooksB?.close();
      await t?.close();
    } finally {
      __resetOutOfContextForTests();
      output.restore();
    }
  });

  it('refuses a request without an email or a phone, or with a malformed one, naming the field', async () => {
    const erase = (body: object) => t.http().post('/api/admin/privacy/erasures').set(bearer(admin)).send(body).expect(400);
    expect((await erase({})).body.details).toEqual([
      { field: 'email', messages: ['email or phone is required'] },
      { field: 'phone', messages: ['email or phone is required'] },
    ]);
    expect((await erase({ email: 'not-an-email', phone: '07700 900771' })).body.details).toEqual([
      { field: 'email', messages: ['email must be an email address'] },
    ]);
    expect((await erase({ phone: '12345' })).body.details).toEqual([{ field: 'phone', messages: ['phone must be a UK phone number'] }]);
    const access = await t.http().post('/api/admin/privacy/access').set(bearer(admin)).send({ email: ' ' }).expect(400);
    expect(access.body.details.map((d: { field: string }) => d.field)).toEqual(['email', 'phone']);
  });

  it('erases a person’s leads across buyers on request, everywhere, tells each buyer, and keeps the money as it was', async () => {
    // Pat: a lead to each buyer, one refused as invalid; A returns its lead with a note naming Pat, an admin answers.
    const toA = (await t.http().post(a.path).send(lead(pat)).expect(201)).body.leadId as string;
    const toB = (
      await t
        .http()
        .post(b.path)
        .send(lead(pat, { email: pat.email.toUpperCase(), phone1: '+44 7700 900771' }))
        .expect(201)
    ).body.leadId as string;
    const refused = await t
      .http()
      .post(b.path)
      .send(lead(pat, { postcode: 'nowhere' }))
      .expect(422);
    expect(refused.text).not.toContain(pat.email);
    // Sam: a lead through a supplier's campaign to A, kept.
    const campaign = await campaignWithSupplier(t, admin, industry.id, {
      name: `Privacy ${run}`,
      strategy: 'round_robin',
      subscriptions: [{ clientId: a.clientId }],
    });
    const kept = (await campaign.ingest({ ...lead(sam), lead_id: undefined }).expect(200)).body as { leadId: string };
    const report = (
      await t
        .http()
        .post(`/api/leads/${toA}/report`)
        .set(bearer(a.token))
        .send({ reason: 'other', note: `${pat.lastname} says ${pat.phone} is not theirs` })
        .expect(201)
    ).body as { id: string };
    await t
      .http()
      .post(`/api/admin/reports/${report.id}/reject`)
      .set(bearer(admin))
      .send({ note: `We rang ${pat.phone}` })
      .expect(200);
    await hooksA.waitFor((all) => all.some((w) => w.body.type === 'lead.reported'));
    await hooksB.waitFor((all) => all.some((w) => w.body.type === 'lead.send_data'));
    await waitForQueuesToDrain(t.queues());
    expect((await whereFound(pat.traces)).length).toBeGreaterThan(5);
    const before = await snapshot();

    const erased = await t
      .http()
      .post('/api/admin/privacy/erasures')
      .set(bearer(admin))
      .send({ email: ` ${pat.email.toUpperCase()} `, phone: '+44 (0)7700-900771' })
      .expect(201);
    expect(erased.body).toMatchObject({ kind: 'erasure', byEmail: true, byPhone: true, leadCount: 3, buyerCount: 2, seenBefore: false });
    expect(erased.text).not.toContain(pat.email);
    await waitForQueuesToDrain(t.queues());

    // Each buyer is told, with nothing personal; earlier events are rewritten the same way.
    for (const [hooks, leadId] of [
      [hooksA, toA],
      [hooksB, toB],
    ] as const) {
      await hooks.waitFor((all) => all.some((w) => w.body.type === 'lead.erased'));
      expect(hooks.ofType('lead.erased').map((w) => w.body.data)).toEqual([{ leadId, erasedAt: expect.any(String), reason: 'request' }]);
    }
    expect(await whereFound(pat.traces)).toEqual([]);

    // Kept: the industry, the postcode district, the choice, the price and dates; the money untouched.
    const listed = (await t.http().get(`/api/leads/${toA}`).set(bearer(a.token)).expect(200)).body;
    expect(listed).toMatchObject({
      postcode: 'M1',
      price: 1_000,
      erasedAt: expect.any(String),
      fields: { postcode: 'M1', roof_type: 'flat' },
    });
    expect(listed.contact).toEqual({ postcode: 'M1' });
    const adminView = (await t.http().get(`/api/admin/leads/${toB}`).set(bearer(admin)).expect(200)).body;
    expect(adminView).toMatchObject({ erasureReason: 'request', industryName: industry.name, deliveries: [{ price: 1_000 }] });
    const csv = (await t.http().get('/api/leads/export.csv').set(bearer(a.token)).expect(200)).text;
    expect(csv.split('\n').find((row) => row.includes(toA))).toContain('(erased)');
    expect(csv).toContain(sam.email);
    await expectMoneyAsBefore(before);

    // Sam's lead, of another person, is as it was.
    const samLead = (await t.http().get(`/api/leads/${kept.leadId}`).set(bearer(a.token)).expect(200)).body;
    expect(samLead).toMatchObject({ erasedAt: null, contact: { email: sam.email } });

    // A repeat is recognised by the keyed hash, not by anything stored in the clear.
    const again = await t.http().post('/api/admin/privacy/erasures').set(bearer(admin)).send({ phone: '07700900771' }).expect(201);
    expect(again.body).toMatchObject({ leadCount: 0, buyerCount: 0, seenBefore: true, previousRequestAt: erased.body.requestedAt });
    const list = await t.http().get('/api/admin/privacy/requests?pageSize=10').set(bearer(admin)).expect(200);
    expect(list.body.items.slice(0, 2).map((r: { id: string; seenBefore: boolean }) => [r.id, r.seenBefore])).toEqual([
      [again.body.id, true],
      [erased.body.id, false],
    ]);
    expect(list.body.items[0]).toMatchObject({ requestedBy: 'Alex Admin', kind: 'erasure' });
    expect(await whereFound(pat.traces)).toEqual([]);
  });

  it('exports what is held about a person as a JSON file, and nothing once they are erased', async () => {
    const leadId = (await t.http().post(a.path).send(lead(rae)).expect(201)).body.leadId as string;
    await waitForQueuesToDrain(t.queues());
    await until(
      'the new-lead text',
      () => t.db.query(`SELECT count(*)::int AS n FROM sms_messages WHERE kind = 'new_lead' AND body ILIKE $1`, [`%${leadId}%`]),
      (rows: Array<{ n: number }>) => rows[0]!.n > 0,
    );
    const res = await t.http().post('/api/admin/privacy/access').set(bearer(admin)).send({ phone: rae.phone }).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="leadflow-access-${res.body.requestId}.json"`);
    expect(res.body.subject).toEqual({ email: null, phone: `+44${rae.phone.slice(1)}` });
    expect(res.body.leads).toHaveLength(1);
    const [held] = res.body.leads;
    expect(held).toMatchObject({
      id: leadId,
      industry: industry.name,
      postcode: 'M1 1AE',
      contact: { email: rae.email, lastname: rae.lastname },
      erasedAt: null,
      deliveries: [{ buyerId: a.clientId, price: 1_000, currency: 'GBP', status: 'delivered' }],
      reports: [],
    });
    expect(held.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'webhook', kind: 'lead.send_data', buyerId: a.clientId }),
        expect.objectContaining({ channel: 'sms', kind: 'new_lead', buyerId: a.clientId, text: expect.stringContaining('Jo') }),
      ]),
    );
    const list = (await t.http().get('/api/admin/privacy/requests').set(bearer(admin)).expect(200)).body;
    expect(list.items[0]).toMatchObject({ id: res.body.requestId, kind: 'access', leadCount: 1, byPhone: true, byEmail: false });

    await t.http().post('/api/admin/privacy/erasures').set(bearer(admin)).send({ email: rae.email }).expect(201);
    const after = await t.http().post('/api/admin/privacy/access').set(bearer(admin)).send({ email: rae.email }).expect(200);
    expect(after.body.leads).toEqual([]);
    expect(await whereFound(rae.traces)).toEqual([]);
  });

  it('erases leads past their industry’s retention in the worker’s job, once, and tells their buyers', async () => {
    // Sam's lead went to A through the campaign; now one to B as well.
    const samToB = (await t.http().post(b.path).send(lead(sam)).expect(201)).body.leadId as string;
    const fresh = (
      await t
        .http()
        .post(a.path)
        .send(lead(person('Tregothnan', '07700900775')))
        .expect(201)
    ).body.leadId as string;
    await t.http().patch(`/api/admin/industries/${industry.id}`).set(bearer(admin)).send({ retentionDays: 30 }).expect(200);
    await t.db.query(`UPDATE leads SET received_at = now() - interval '31 days' WHERE contact->>'lastname' = $1`, [sam.lastname]);
    await waitForQueuesToDrain(t.queues());
    const before = await snapshot();

    // Twice at once, as two workers would: each lead is erased once.
    await Promise.all([t.queue('privacy').add('privacy.retention', {}), t.queue('privacy').add('privacy.retention', {})]);
    await waitForQueuesToDrain(t.queues());
    const leads = (await t.db.query(`SELECT id, erased_at, erasure_reason FROM leads WHERE id = ANY($1)`, [[samToB, fresh]])) as Array<{
      id: string;
      erasure_reason: string | null;
    }>;
    expect(Object.fromEntries(leads.map((l) => [l.id, l.erasure_reason]))).toEqual({ [samToB]: 'retention', [fresh]: null });
    await hooksB.waitFor((all) => all.some((w) => w.body.type === 'lead.erased' && w.body.data.leadId === samToB));
    await hooksA.waitFor((all) => all.some((w) => w.body.type === 'lead.erased' && w.body.data.reason === 'retention'));
    const erasedEvents = (await t.db.query(
      `SELECT aggregate_id, client_id, payload->>'reason' AS reason FROM outbox_events WHERE type = 'lead.erased' AND payload->>'reason' = 'retention' ORDER BY aggregate_id`,
    )) as Array<{ aggregate_id: string; client_id: string }>;
    expect(erasedEvents).toHaveLength(2); // Sam's lead to A (through the campaign) and Sam's lead to B, once each
    expect(new Set(erasedEvents.map((e) => e.client_id))).toEqual(new Set([a.clientId, b.clientId]));
    expect(await whereFound(sam.traces)).toEqual([]);
    await expectMoneyAsBefore(before);
    // The schedule the worker registered is there, once.
    const repeatable = await t.queue('privacy').getRepeatableJobs();
    expect(repeatable.map((j) => [j.name, j.cron])).toEqual([['privacy.retention', t.config.privacy.retentionCron]]);
  });

  it('writes no lead’s email or phone to the API’s or the worker’s logs, errors included', async () => {
    // Invalid leads whose errors name the fields, a supplier's refused lead, and the requests above.
    await t
      .http()
      .post(a.path)
      .send(lead(pat, { phone1: 'not a phone' }))
      .expect(422);
    await t
      .http()
      .post(a.path)
      .send(lead(pat, { email: `${pat.email}@@` }))
      .expect(422);
    await t
      .http()
      .post('/api/leads/ingest')
      .set('X-API-Key', 'lf_sup_wrong')
      .send({ campaignId: industry.id, fields: lead(pat) });
    await t.http().post('/api/admin/privacy/access').set(bearer(admin)).send({ email: pat.email, phone: pat.phone }).expect(200);
    await waitForQueuesToDrain(t.queues());
    const logs = output.text();
    expect(logs).toContain('"msg":"request completed"');
    expect(logs).toContain('Erasure request');
    const leaked = [pat, rae, sam].flatMap((p) => p.traces.slice(0, 4)).filter((trace) => logs.includes(trace));
    expect(leaked).toEqual([]);
  });
});
