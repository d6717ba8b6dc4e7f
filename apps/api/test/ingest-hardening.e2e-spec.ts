import { randomBytes } from 'node:crypto';
import { bearer, connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';

/** The two public lead routes — the LeadByte URL and supplier ingest — as an outsider meets them. */

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
];
const PER_SECOND = 2;
const BURST = 4;

let n = 0;
function lead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  n += 1;
  return {
    lead_id: `LB-${Date.now()}-${n}`,
    firstname: 'Ann',
    lastname: 'Smith',
    email: `ann.${n}.${Date.now()}@example.com`,
    phone1: `07700 ${String(900000 + n).slice(-6)}`,
    postcode: 'M1 1AE',
    data1: 'pitched',
    ...overrides,
  };
}
function supplierFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { lead_id: _id, data1: _roof, ...fields } = lead();
  return { ...fields, roof_type: 'flat', ...overrides };
}
const unknownToken = () => randomBytes(24).toString('base64url');

describe('public lead routes: bad input, one answer shape, rate limits', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create({ env: { INGEST_RATE_LIMIT_PER_SECOND: String(PER_SECOND), INGEST_RATE_LIMIT_BURST: String(BURST) } });
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A buyer taking M1 leads at any time, with credit; its lead URL path and a supplier key for a campaign selling to it. */
  async function buyer() {
    const c = await onboardBuyer(t, industry.id, { credit: 100_000 });
    const campaign = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(admin))
        .send({ name: `Campaign ${c.clientId}`, industryId: industry.id, strategy: 'broadcast' })
        .expect(201)
    ).body as { id: string };
    await t.http().put(`/api/admin/campaigns/${campaign.id}/subscriptions`).set(bearer(admin)).send({ clientId: c.clientId }).expect(200);
    const key = (
      await t
        .http()
        .post('/api/admin/suppliers')
        .set(bearer(admin))
        .send({ name: `Supplier ${c.clientId}`, campaignIds: [campaign.id] })
        .expect(201)
    ).body.apiKey as string;
    return { ...c, campaignId: campaign.id, key };
  }
  /** What the buyer got: lead rows, and credit spent. */
  async function footprint(clientId: string) {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE target_client_id = $1 OR campaign_id IN (SELECT campaign_id FROM campaign_subscriptions WHERE client_id = $1)) AS leads,
              (SELECT count(*)::int FROM ledger_entries WHERE client_id = $1 AND amount < 0) AS charges`,
      [clientId],
    );
    return row as { leads: number; charges: number };
  }
  const postRaw = (path: string, json: string) => t.http().post(path).set('Content-Type', 'application/json').send(json);
  const ingestRaw = (key: string, json: string) =>
    t.http().post('/api/leads/ingest').set('X-API-Key', key).set('Content-Type', 'application/json').send(json);
  /** The inbound URL's error answers: the common error shape, plus `result` and `code`. */
  const expectRejected = (res: { status: number; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      result: 'rejected',
      code,
    });
  };

  describe('point 5: bad input is a 4xx naming the problem, and nothing is stored or charged', () => {
    it('refuses a NUL character in a field or in lead_id, and a lone surrogate, on the LeadByte URL', async () => {
      const b = await buyer();
      const nulField = await t
        .http()
        .post(b.path)
        .send(lead({ firstname: 'A\u0000nn' }));
      expectRejected(nulField, 400, 'invalid_payload');
      expect(nulField.body.details).toEqual([{ field: 'firstname', messages: [expect.stringContaining('NUL character')] }]);

      const nulId = await t
        .http()
        .post(b.path)
        .send(lead({ lead_id: 'LB-\u0000-1' }));
      expectRejected(nulId, 400, 'invalid_payload');
      expect(nulId.body.details).toEqual([{ field: 'lead_id', messages: [expect.stringContaining('NUL character')] }]);

      const surrogate = await postRaw(b.path, JSON.stringify(lead({ lastname: 'SURROGATE' })).replace('SURROGATE', '\\ud83d'));
      expectRejected(surrogate, 400, 'invalid_payload');
      expect(surrogate.body.details).toEqual([
        { field: 'lastname', messages: [expect.stringContaining('lone UTF-16 surrogate (\\uD83D)')] },
      ]);

      const objectId = await t
        .http()
        .post(b.path)
        .send(lead({ lead_id: { id: 1 } }));
      expectRejected(objectId, 400, 'invalid_payload');
      expect(objectId.body.details).toEqual([{ field: 'lead_id', messages: ['lead_id must be a string or a number'] }]);
      expectRejected(
        await t
          .http()
          .post(b.path)
          .send(lead({ lead_id: 'x'.repeat(101) })),
        400,
        'invalid_payload',
      );

      expect(await footprint(b.clientId)).toEqual({ leads: 0, charges: 0 });
    });

    it('answers a NUL (%00) in the lead URL’s token with 404 unknown_buyer, without a 500', async () => {
      const b = await buyer();
      for (const path of ['/api/leads/inbound/%00', `${b.path}%00`, `/api/leads/inbound/${'x'.repeat(65)}`]) {
        expectRejected(await t.http().post(path).send(lead()), 404, 'unknown_buyer');
      }
      expect(await footprint(b.clientId)).toEqual({ leads: 0, charges: 0 });
    });

    it('refuses a NUL in a query string (lead search, admin leads) with 400 naming the parameter', async () => {
      const b = await buyer();
      for (const [path, token] of [
        ['/api/leads?search=%00', b.token],
        ['/api/admin/leads?search=a%00b', admin],
      ] as const) {
        const res = await t.http().get(path).set(bearer(token));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          statusCode: 400,
          details: [{ field: 'query.search', messages: [expect.stringMatching(/^search contains a NUL/)] }],
        });
      }
      await t.http().get('/api/leads?search=Smith').set(bearer(b.token)).expect(200);
    });

    it('refuses a 3,000-level nested body, NUL characters and lone surrogates on supplier ingest, naming where', async () => {
      const b = await buyer();
      const deep = await ingestRaw(
        b.key,
        `{"campaignId":"${b.campaignId}","fields":{"firstname":"Ann","notes":${'['.repeat(3_000)}${']'.repeat(3_000)}}}`,
      );
      expect(deep.status).toBe(400);
      expect(deep.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        details: [
          { field: expect.stringMatching(/^fields\.notes(\.0)+$/), messages: [expect.stringContaining('nested more than 32 levels')] },
        ],
      });
      const deepObject = await ingestRaw(b.key, `{"campaignId":"${b.campaignId}","fields":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}}`);
      expect(deepObject.status).toBe(400);

      const nul = await t
        .http()
        .post('/api/leads/ingest')
        .set('X-API-Key', b.key)
        .send({ campaignId: b.campaignId, externalId: 'ref-\u0000', fields: supplierFields({ lastname: 'Sm\u0000ith' }) });
      expect(nul.status).toBe(400);
      expect(nul.body.details.map((d: { field: string }) => d.field)).toEqual(['externalId', 'fields.lastname']);
      const surrogate = await ingestRaw(
        b.key,
        JSON.stringify({ campaignId: b.campaignId, fields: supplierFields({ firstname: 'SURROGATE' }) }).replace('SURROGATE', '\\udc00'),
      );
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.details).toEqual([{ field: 'fields.firstname', messages: [expect.stringContaining('lone UTF-16 surrogate')] }]);

      expect(await footprint(b.clientId)).toEqual({ leads: 0, charges: 0 });
    });

    it('takes control characters and bidi overrides out of lead text and keeps the lead (both routes)', async () => {
      const b = await buyer();
      const res = await t
        .http()
        .post(b.path)
        .send(lead({ firstname: 'A\u202Enn\u0007', lastname: '\u2066Smith\u2069\u001b' }));
      expect(res.status).toBe(201);
      const supplied = await t
        .http()
        .post('/api/leads/ingest')
        .set('X-API-Key', b.key)
        .send({ campaignId: b.campaignId, fields: supplierFields({ firstname: 'Bo\u202Db\u0085' }) });
      expect(supplied.status).toBe(200);
      const names = await t.db.query(
        `SELECT fields->>'firstname' AS first, fields->>'lastname' AS last FROM leads WHERE target_client_id = $1 OR campaign_id = $2 ORDER BY received_at`,
        [b.clientId, b.campaignId],
      );
      expect(names).toEqual([
        { first: 'Ann', last: 'Smith' },
        { first: 'Bob', last: 'Smith' },
      ]);
    });
  });

  describe('point 6: every answer of the LeadByte URL carries result and code', () => {
    it('answers broken JSON, too large, another media type, a bad charset, an array and an empty body in the common shape with result and code', async () => {
      const path = `/api/leads/inbound/${unknownToken()}`;
      expectRejected(await postRaw(path, '{"firstname":'), 400, 'invalid_json');
      expectRejected(await postRaw(path, 'null'), 400, 'invalid_json');
      expectRejected(
        await t
          .http()
          .post(path)
          .send(lead({ notes: 'x'.repeat(110 * 1024) })),
        413,
        'payload_too_large',
      );
      expectRejected(await t.http().post(path).set('Content-Type', 'text/plain').send('firstname=Ann'), 415, 'unsupported_media_type');
      expectRejected(await t.http().post(path).set('Content-Type', 'application/xml').send('<lead/>'), 415, 'unsupported_media_type');
      expectRejected(
        await t.http().post(path).set('Content-Type', 'application/json; charset=latin-9').send('{}'),
        415,
        'unsupported_media_type',
      );
      const b = await buyer();
      expectRejected(await t.http().post(b.path).send([lead()]), 400, 'invalid_payload');
      expectRejected(await t.http().post(b.path), 400, 'invalid_payload');
      expect(await footprint(b.clientId)).toEqual({ leads: 0, charges: 0 });
    });

    it('accepts a lead posted as form fields, and treats an empty lead_id as none (two such leads are two leads)', async () => {
      const b = await buyer();
      const form = (l: Record<string, unknown>) =>
        new URLSearchParams(Object.entries(l).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const first = await t
        .http()
        .post(b.path)
        .type('form')
        .send(form(lead({ lead_id: '' })));
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ result: 'accepted', code: 'accepted' });
      const second = await t
        .http()
        .post(b.path)
        .type('form')
        .send(form(lead({ lead_id: '' })));
      expect(second.body).toMatchObject({ result: 'accepted', code: 'accepted' });
      expect(second.body.leadId).not.toBe(first.body.leadId);
      expect(await footprint(b.clientId)).toEqual({ leads: 2, charges: 2 });
    });
  });

  describe('point 7: rate limits per lead URL and per supplier key', () => {
    it('gives each lead URL its own bucket: a burst, then 429 with Retry-After and rate_limited, then room again', async () => {
      const [one, other] = [`/api/leads/inbound/${unknownToken()}`, `/api/leads/inbound/${unknownToken()}`];
      for (let i = 0; i < BURST; i += 1) {
        const res = await t.http().post(one).send(lead());
        expectRejected(res, 404, 'unknown_buyer');
        expect(res.headers['ratelimit-limit']).toBe(String(BURST));
        expect(res.headers['ratelimit-remaining']).toBe(String(BURST - 1 - i));
      }
      const limited = await t.http().post(one).send(lead());
      expectRejected(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.body.message).toContain(`${PER_SECOND} a second, bursts of ${BURST}`);
      expectRejected(await t.http().post(other).send(lead()), 404, 'unknown_buyer'); // another URL is not held back

      await new Promise((r) => setTimeout(r, 1_000 / PER_SECOND + 50));
      expectRejected(await t.http().post(one).send(lead()), 404, 'unknown_buyer');
    });

    it('limits each supplier key, wrong ones too, before the key is looked up', async () => {
      const b = await buyer();
      const wrong = `lfs_${randomBytes(16).toString('hex')}`;
      for (let i = 0; i < BURST; i += 1)
        await t
          .http()
          .post('/api/leads/ingest')
          .set('X-API-Key', wrong)
          .send({ campaignId: b.campaignId, fields: supplierFields() })
          .expect(401);
      const limited = await t
        .http()
        .post('/api/leads/ingest')
        .set('X-API-Key', wrong)
        .send({ campaignId: b.campaignId, fields: supplierFields() })
        .expect(429);
      expect(limited.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        message: expect.stringContaining('this supplier key'),
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);

      for (let i = 0; i < BURST; i += 1)
        await t
          .http()
          .post('/api/leads/ingest')
          .set('X-API-Key', b.key)
          .send({ campaignId: b.campaignId, fields: supplierFields() })
          .expect(200);
      await t
        .http()
        .post('/api/leads/ingest')
        .set('X-API-Key', b.key)
        .send({ campaignId: b.campaignId, fields: supplierFields() })
        .expect(429);
      expect(await footprint(b.clientId)).toEqual({ leads: BURST, charges: BURST });
    });
  });

  describe('point 6, last: our own failure', () => {
    // Last, as it takes the clients table away for a moment to make the LeadByte URL fail on our side.
    it('answers a 5xx on the LeadByte URL with result and code too', async () => {
      await t.db.query('ALTER TABLE clients RENAME TO clients_away');
      try {
        expectRejected(await t.http().post(`/api/leads/inbound/${unknownToken()}`).send(lead()), 500, 'internal_error');
      } finally {
        await t.db.query('ALTER TABLE clients_away RENAME TO clients');
      }
    });
  });
});
