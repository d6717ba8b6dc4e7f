import { randomUUID } from 'node:crypto';
import {
  bearer,
  businessDetails,
  connectXero,
  createAdmin,
  createIndustry,
  onboardBuyer,
  registerClient,
  type IndustryBody,
} from './utils/actors';
import { TestApp } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';

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
  return {
    lead_id: `LB-${Date.now()}-${n}`,
    firstname: 'Ann',
    lastname: 'Smith',
    email: `ann.${n}.${Date.now()}@example.com`,
    phone1: `07700 ${String(900000 + n).slice(-6)}`,
    postcode: 'm1 1ae',
    data1: 'Pitched',
    ...overrides,
  };
}

describe('LeadByte direct post', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const buyer = (opts: { balance?: number; prefs?: Record<string, unknown> } = {}) =>
    onboardBuyer(t, industry.id, { credit: opts.balance, prefs: opts.prefs });
  const post = (path: string, body: object) => t.http().post(path).send(body);
  const balance = async (clientId: string) =>
    (
      await t.db.query(
        `SELECT balance::int AS b, (SELECT COALESCE(sum(amount), 0)::int FROM ledger_entries WHERE client_id = $1) AS s FROM credit_accounts WHERE client_id = $1`,
        [clientId],
      )
    )[0] as { b: number; s: number };

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

    const again = (await (
      await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries/${delivery.leadId}/redeliver`, { method: 'POST' })
    ).json()) as { status: string; body: string };
    expect(again.status).toBe('accepted');
    expect(JSON.parse(again.body)).toEqual(first);
    expect(await balance(b.clientId)).toEqual({ b: 7_500, s: 7_500 });
    const leads = await t.db.query(`SELECT status, fields->>'phone1' AS phone, postcode FROM leads WHERE target_client_id = $1`, [
      b.clientId,
    ]);
    expect(leads).toEqual([{ status: 'delivered', phone: expect.stringMatching(/^\+447700/), postcode: 'M1 1AE' }]);
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type LIKE 'lead.%' ORDER BY type`, [
      b.clientId,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['lead.details_submitted', 'lead.send_data']);
  });

  it('takes a select value however the supplier writes it: case, spacing, punctuation, and the column’s aliases', async () => {
    const columns = COLUMNS.map((c) =>
      c.key === 'roof_type' ? { ...c, options: ['pitched', 'flat'], aliases: { pitched: ['Pitched - tiles', 'Pitched - slate'] } } : c,
    );
    // An alias must belong to one of the column's options.
    const refused = await t
      .http()
      .post('/api/admin/industries')
      .set(bearer(admin))
      .send({
        name: `Aliased ${Date.now()}`,
        leadCost: 2_500,
        leadColumns: COLUMNS.map((c) => (c.key === 'roof_type' ? { ...c, aliases: { thatched: ['Straw'] } } : c)),
      })
      .expect(400);
    expect(refused.body.details[0].messages[0]).toMatch(/aliases must map each option/);
    const aliased = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: columns });
    const b = await onboardBuyer(t, aliased.id, { credit: 10_000 });
    for (const written of ['Pitched - tiles', 'PITCHED  SLATE', ' flat ']) {
      const res = await post(b.path, lead({ data1: written })).expect(201);
      expect(res.body.result).toBe('accepted');
    }
    const stored = await t.db.query(
      `SELECT l.fields->>'roof_type' AS roof FROM leads l JOIN deliveries d ON d.lead_id = l.id WHERE d.client_id = $1 ORDER BY l.received_at`,
      [b.clientId],
    );
    expect(stored.map((r: { roof: string }) => r.roof)).toEqual(['pitched', 'pitched', 'flat']);
  });

  it('answers each rejection with its code and a fitting status', async () => {
    const b = await buyer({ balance: 10_000 });
    const expectCode = async (path: string, body: object, status: number, code: string) => {
      const res = await post(path, body).expect(status);
      expect(res.body).toMatchObject({ result: 'rejected', code });
      return res.body;
    };
    const refusedLead = lead({ email: 'nope', data1: 'thatched' });
    const invalid = await expectCode(b.path, refusedLead, 422, 'invalid_payload');
    // Admins see the refused lead with what was wrong with each field, and the reason in words elsewhere.
    const [{ id: refusedId }] = await t.db.query(`SELECT id FROM leads WHERE external_id = $1`, [refusedLead.lead_id]);
    const refusedView = (await t.http().get(`/api/admin/leads/${refusedId}`).set(bearer(admin)).expect(200)).body;
    expect(refusedView).toMatchObject({ status: 'rejected', reason: 'invalid_payload' });
    expect(refusedView.problems).toEqual(invalid.details);
    // LeadByte's name, and the industry column it maps to when that differs.
    expect(invalid.details).toEqual([
      { field: 'email', message: 'email must be an email address' },
      { field: 'data1 (roof_type)', message: 'data1 (roof_type) must be one of pitched, flat' },
    ]);
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
  it('keeps a lead’s address and other standard fields, and shows them in the lead, the list, the new-lead email and the lead.send_data webhook', async () => {
    const { waitForQueuesToDrain } = await import('./utils/queues');
    const receiver = await WebhookReceiver.start('/zapier');
    try {
      const b = await buyer({ balance: 10_000, prefs: { emailNewLeads: true } });
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(b.token))
        .send({ url: receiver.url, eventTypes: ['lead.send_data'] })
        .expect(201);
      const address = {
        title: 'Mrs',
        street1: '12  High Street ',
        street2: 'Flat 3',
        towncity: 'Manchester',
        county: 'Greater Manchester',
        phone2: '0161 496 0000',
        country: 'United Kingdom',
        company: 'Smith & Co',
      };
      const stored = {
        title: 'Mrs',
        street1: '12 High Street',
        street2: 'Flat 3',
        towncity: 'Manchester',
        county: 'Greater Manchester',
        phone2: '+441614960000',
        country: 'United Kingdom',
        company: 'Smith & Co',
      };
      const accepted = (await post(b.path, lead({ firstname: 'Addie', ...address })).expect(201)).body as { leadId: string };

      const detail = (await t.http().get(`/api/leads/${accepted.leadId}`).set(bearer(b.token)).expect(200)).body;
      expect(detail.contact).toEqual({
        firstname: 'Addie',
        lastname: 'Smith',
        email: expect.stringMatching(/@example\.com$/),
        phone1: expect.stringMatching(/^\+447700/),
        postcode: 'M1 1AE',
        ...stored,
      });
      // The list carries it too (the SPA builds the CSV from it), and its search finds the address.
      const listed = (await t.http().get('/api/leads').query({ search: 'High Street' }).set(bearer(b.token)).expect(200)).body.items;
      expect(listed).toEqual([expect.objectContaining({ id: accepted.leadId, contact: detail.contact })]);
      const admin_ = (await t.http().get(`/api/admin/leads/${accepted.leadId}`).set(bearer(admin)).expect(200)).body;
      expect(admin_.contact).toEqual(detail.contact);

      await waitForQueuesToDrain(t.queues());
      const mail = (await t.inbox.waitFor(b.email, 2)).find((m) => m.subject.startsWith('New lead'));
      for (const line of [
        'First name: Addie',
        'Title: Mrs',
        'Company: Smith & Co',
        'Other phone: +441614960000',
        'Address line 1: 12 High Street',
        'Address line 2: Flat 3',
        'Town or city: Manchester',
        'County: Greater Manchester',
        'Country: United Kingdom',
      ]) {
        expect(mail?.text).toContain(line);
      }

      await receiver.waitFor((all) => all.some((w) => w.body.type === 'lead.send_data'));
      expect(receiver.ofType('lead.send_data')[0]!.body.data).toMatchObject({
        leadId: accepted.leadId,
        fields: { firstname: 'Addie', roof_type: 'pitched' },
        contact: detail.contact,
      });
    } finally {
      await receiver.close();
    }
  });

  it('accepts a UK phone in every form lead forms send it, and stores it in E.164', async () => {
    const b = await buyer({ balance: 100_000 });
    const forms = [
      '447700900401',
      '44 7700 900402',
      '+44 (0)7700 900403',
      '0044 7700-900404',
      '(07700) 900405',
      '+4407700900406',
      '+44 7700 900 407',
      '07700.900.408',
    ];
    for (const [i, phone] of forms.entries()) {
      const res = await post(b.path, lead({ phone1: phone }));
      expect({ phone, status: res.status }).toEqual({ phone, status: 201 });
      const detail = (
        await t
          .http()
          .get(`/api/leads/${res.body.leadId as string}`)
          .set(bearer(b.token))
          .expect(200)
      ).body;
      expect([detail.fields.phone1, detail.contact.phone1]).toEqual([
        `+4477009004${String(i + 1).padStart(2, '0')}`,
        `+4477009004${String(i + 1).padStart(2, '0')}`,
      ]);
    }
  });

  it('rejects as a duplicate a lead whose email the buyer already had, whatever its case and spaces, even with another phone, and charges it once', async () => {
    const b = await buyer({ balance: 10_000 });
    const email = `dup.${randomUUID()}@example.com`;
    await post(b.path, lead({ email, phone1: '07700 900201' })).expect(201);
    const again = await post(b.path, lead({ email: `  ${email.toUpperCase()} `, phone1: '07700 900202' })).expect(409);
    expect(again.body).toMatchObject({ result: 'rejected', code: 'duplicate' });
    // The same phone with another email is one too.
    await post(b.path, lead({ email: `other.${email}`, phone1: '+44 7700 900201' })).expect(409);
    expect(await balance(b.clientId)).toEqual({ b: 7_500, s: 7_500 });
    const deliveries = await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1`, [b.clientId]);
    expect(deliveries[0].n).toBe(1);

    // At once, ten leads with one email and ten phones: one delivery, one charge.
    const c = await buyer({ balance: 100_000 });
    const shared = `Same.${randomUUID()}@Example.com`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(c.path, lead({ email: i % 2 ? shared.toLowerCase() : ` ${shared}`, phone1: `07700 9003${String(i).padStart(2, '0')}` })),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expect(await balance(c.clientId)).toEqual({ b: 97_500, s: 97_500 });
  });

  it('refuses an object, a list or true/false in a field with 422 naming it, and charges and delivers nothing', async () => {
    const b = await buyer({ balance: 10_000 });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ firstname: { first: 'Ann' } }, 'firstname', 'not an object'],
      [{ data1: ['pitched'] }, 'data1 (roof_type)', 'not a list'],
      [{ lastname: true }, 'lastname', 'not true or false'],
      [{ street1: { line: '12 High Street' } }, 'street1', 'not an object'],
    ];
    for (const [bad, field, not] of cases) {
      const res = await post(b.path, lead(bad)).expect(422);
      expect(res.body).toMatchObject({
        result: 'rejected',
        code: 'invalid_payload',
        details: [{ field, message: `${field} must be a single value (text or a number), ${not}` }],
      });
    }
    expect(await balance(b.clientId)).toEqual({ b: 10_000, s: 10_000 });
    const rows = await t.db.query(
      `SELECT l.status, l.fields::text || l.contact::text AS stored, (SELECT count(*)::int FROM deliveries d WHERE d.lead_id = l.id) AS deliveries FROM leads l WHERE l.target_client_id = $1`,
      [b.clientId],
    );
    expect(rows).toHaveLength(cases.length);
    for (const row of rows) expect(row).toEqual({ status: 'rejected', stored: expect.not.stringMatching(/object|true/i), deliveries: 0 });
  });
});
