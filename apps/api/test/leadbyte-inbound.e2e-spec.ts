import { randomUUID } from 'node:crypto';
import { LedgerService } from '../src/billing/ledger.service';
import { bearer, businessDetails, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, registerClient, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
];

let n = 0;
function lead(overrides: Record<string, unknown> = {}) {
  n += 1;
  return { lead_id: `LB-${Date.now()}-${n}`, firstname: 'Ann', lastname: 'Smith', email: `ann.${n}.${Date.now()}@example.com`, phone1: `07700 ${String(900000 + n).slice(-6)}`, postcode: 'm1 1ae', data1: 'Pitched', ...overrides };
}

describe('LeadByte direct post', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t.close();
  });

  async function buyer(opts: { balance?: number; prefs?: Record<string, unknown> } = {}) {
    const c = await onboardBillable(t, industry.id);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences({ postcodeAreas: ['M1'], dailyCap: 100, weeklyCap: null, deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], deliveryStart: '00:00', deliveryEnd: '24:00', ...opts.prefs })).expect(200);
    if (opts.balance) await ledger.credit('top_up', { clientId: c.clientId, amount: opts.balance, cause: `seed:${c.clientId}` });
    const url = (await t.http().get('/api/account').set(bearer(c.token)).expect(200)).body.inboundLeadUrl as string;
    return { ...c, path: new URL(url).pathname };
  }
  const post = (path: string, body: object) => t.http().post(path).send(body);
  const balance = async (clientId: string) => (await t.db.query(`SELECT balance::int AS b, (SELECT COALESCE(sum(amount), 0)::int FROM ledger_entries WHERE client_id = $1) AS s FROM credit_accounts WHERE client_id = $1`, [clientId]))[0] as { b: number; s: number };

  it('accepts a lead through the sandbox’s LeadByte, with the price, and answers a redelivery the same without charging again', async () => {
    const b = await buyer({ balance: 10_000 });
    const res = await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `${t.url}${b.path}`, lead: lead({ lead_id: undefined }), leadId: 777, acceptKeyword: 'accepted' }),
    });
    const delivery = (await res.json()) as { leadId: string; status: string; httpStatus: number; body: string };
    expect(delivery).toMatchObject({ status: 'accepted', httpStatus: 201 });
    const first = JSON.parse(delivery.body);
    expect(first).toMatchObject({ result: 'accepted', code: 'accepted', price: { amount: 2_500, currency: 'GBP' } });

    const again = (await (await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries/${delivery.leadId}/redeliver`, { method: 'POST' })).json()) as { status: string; body: string };
    expect(again.status).toBe('accepted');
    expect(JSON.parse(again.body)).toEqual(first);
    expect(await balance(b.clientId)).toEqual({ b: 7_500, s: 7_500 });
    const leads = await t.db.query(`SELECT status, fields->>'phone1' AS phone, postcode FROM leads WHERE target_client_id = $1`, [b.clientId]);
    expect(leads).toEqual([{ status: 'delivered', phone: expect.stringMatching(/^\+447700/), postcode: 'M1 1AE' }]);
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type LIKE 'lead.%' ORDER BY type`, [b.clientId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['lead.details_submitted', 'lead.send_data']);
  });

  it('answers each rejection with its code and a fitting status', async () => {
    const b = await buyer({ balance: 10_000 });
    const expectCode = async (path: string, body: object, status: number, code: string) => {
      const res = await post(path, body).expect(status);
      expect(res.body).toMatchObject({ result: 'rejected', code });
      return res.body;
    };
    const invalid = await expectCode(b.path, lead({ email: 'nope', data1: 'thatched' }), 422, 'invalid_payload');
    expect(invalid.details.map((d: { field: string }) => d.field)).toEqual(['email', 'roof_type']);
    const first = lead();
    await post(b.path, first).expect(201);
    await expectCode(b.path, { ...first, lead_id: 'another-id' }, 409, 'duplicate');
    // Per buyer: another buyer may still have it; and outside the window it is not a duplicate any more.
    const other = await buyer({ balance: 10_000 });
    await post(other.path, { ...first, lead_id: 'to-another-buyer' }).expect(201);
    await t.db.query(`UPDATE deliveries SET delivered_at = now() - interval '31 days' WHERE client_id = $1`, [b.clientId]);
    await post(b.path, { ...first, lead_id: 'after-the-window' }).expect(201);
    await expectCode(b.path, lead({ postcode: 'LS1 1AA' }), 422, 'out_of_area');
    await expectCode('/api/leads/inbound/not-a-real-token', lead(), 404, 'unknown_buyer');

    const unfinished = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(unfinished.token)).send(businessDetails(industry.id)).expect(200);
    const token = (await t.db.query(`SELECT inbound_token FROM clients WHERE id = $1`, [unfinished.clientId]))[0].inbound_token;
    await expectCode(`/api/leads/inbound/${token}`, lead(), 409, 'not_onboarded');

    const paused = await buyer({ balance: 10_000, prefs: { paused: true } });
    await expectCode(paused.path, lead(), 422, 'paused');
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short' }).format(new Date()).toLowerCase();
    const otherDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].filter((d) => d !== today);
    const closed = await buyer({ balance: 10_000, prefs: { deliveryDays: otherDays } });
    await expectCode(closed.path, lead(), 422, 'outside_schedule');
    const capped = await buyer({ balance: 10_000, prefs: { dailyCap: 1 } });
    await post(capped.path, lead()).expect(201);
    await expectCode(capped.path, lead(), 422, 'cap_reached');
    const broke = await buyer({ balance: 2_000 });
    await expectCode(broke.path, lead(), 402, 'no_credit');
    expect(await balance(broke.clientId)).toEqual({ b: 2_000, s: 2_000 });
    // Rejections are recorded with their reason, and a redelivery of one gets the same answer.
    const again = await post(paused.path, { ...lead(), lead_id: 'PAUSED-1' });
    const replay = await post(paused.path, { ...lead(), lead_id: 'PAUSED-1' });
    expect(replay.status).toBe(again.status);
    expect(replay.body).toEqual(again.body);
  });

  it('delivers exactly 10 of 50 concurrent leads to a buyer capped at 10', async () => {
    const b = await buyer({ balance: 1_000_000, prefs: { dailyCap: 10 } });
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(b.path, lead())));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    expect(answers.filter((r) => r.body.code === 'cap_reached')).toHaveLength(40);
    expect(await balance(b.clientId)).toEqual({ b: 1_000_000 - 10 * 2_500, s: 1_000_000 - 10 * 2_500 });
  });

  it('charges exactly 7 of 50 concurrent leads against a balance for 7, never below zero', async () => {
    const b = await buyer({ balance: 7 * 2_500 + 1_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(b.path, lead())));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(7);
    expect(answers.filter((r) => r.body.code === 'no_credit')).toHaveLength(43);
    expect(await balance(b.clientId)).toEqual({ b: 1_000, s: 1_000 });
    const deliveries = await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1`, [b.clientId]);
    expect(deliveries[0].n).toBe(7);
  });

  it('emails a buyer who opted in about each new lead, and no one else', async () => {
    const { waitForQueuesToDrain } = await import('./utils/queues');
    const keen = await buyer({ balance: 10_000, prefs: { emailNewLeads: true } });
    const quiet = await buyer({ balance: 10_000 });
    await post(keen.path, lead({ firstname: 'Keen' })).expect(201);
    await post(quiet.path, lead()).expect(201);
    await waitForQueuesToDrain(t.queues());
    const mail = (await t.inbox.waitFor(keen.email, 2)).find((m) => m.subject.startsWith('New lead'));
    expect(mail?.subject).toBe(`New lead: ${industry.name}, M1 1AE`);
    expect(mail?.text).toContain('First name: Keen');
    expect(mail?.text).toMatch(/Open it: http:\/\/app\.test\/leads\/[0-9a-f-]{36}/);
    expect(t.inbox.to(quiet.email).filter((m) => m.subject.startsWith('New lead'))).toHaveLength(0);
  });

  it('redelivers the same lead id 20 times at once: one delivery, one charge', async () => {
    const b = await buyer({ balance: 10_000 });
    const same = lead({ lead_id: `LB-same-${randomUUID()}` });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(b.path, same)));
    for (const r of answers) expect(r.body).toEqual(answers[0]!.body);
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect(await balance(b.clientId)).toEqual({ b: 7_500, s: 7_500 });
  });
});
