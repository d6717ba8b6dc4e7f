import { freePort } from '../../../scripts/lib/services.cjs';
import { PingPostService } from '../src/leads/ping-post.service';
import {
  bearer,
  campaignWithSupplier,
  connectXero,
  createAdmin,
  createIndustry,
  onboardBuyer,
  registerClient,
  type IndustryBody,
} from './utils/actors';
import { AppProcess } from './utils/app-process';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: false },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
  { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['Pitched', 'Flat'] },
];
let n = 0;
/** A whole lead; its non-personal part (postcode, roof type) is what a ping sends. */
const lead = (overrides: Record<string, unknown> = {}) => {
  n += 1;
  return {
    firstname: 'Ann',
    email: `ann.${n}@example.com`,
    phone1: `07700${String(200000 + n).slice(-6)}`,
    postcode: 'M1 1AE',
    roof_type: 'Pitched',
    ...overrides,
  };
};
const pinged = { postcode: 'm1 1ae', roof_type: 'pitched' };

describe('ping/post', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, admin);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ping = (key: string, campaignId: string, fields: Record<string, unknown> = pinged, api = t.url) =>
    fetch(`${api}/api/leads/ping`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
      body: JSON.stringify({ campaignId, fields }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
  const post = (key: string, pingId: unknown, fields: Record<string, unknown>) =>
    t.http().post('/api/leads/post').set('X-API-Key', key).send({ pingId, fields });
  const charges = async (clientId: string) =>
    (await t.db.query(`SELECT amount FROM ledger_entries WHERE client_id = $1 AND kind = 'lead_charge'`, [clientId])).map(
      (r: { amount: string }) => Number(r.amount),
    );

  it('answers a ping with the highest bid, and delivers its post at that price, once', async () => {
    const plain = await onboardBuyer(t, industry.id, { credit: 100_000 });
    const bidder = await onboardBuyer(t, industry.id, { credit: 100_000 });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Bids',
      strategy: 'waterfall',
      subscriptions: [
        { clientId: plain.clientId, priority: 1 },
        { clientId: bidder.clientId, priority: 2, bid: 1_500 },
      ],
    });
    // A bid under the campaign's price is refused, naming the field.
    const low = await t
      .http()
      .put(`/api/admin/campaigns/${c.id}/subscriptions`)
      .set(bearer(admin))
      .send({ clientId: plain.clientId, bid: 900 })
      .expect(422);
    expect(low.body.details).toEqual([{ field: 'bid', messages: ["must be at least 1000, the campaign's price"] }]);

    const before = Date.now();
    const p = await ping(c.apiKey, c.id);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ accepted: true, price: 1_500, currency: 'GBP', code: null });
    const expiresIn = new Date(p.body.expiresAt as string).getTime() - before;
    expect(expiresIn).toBeGreaterThan(55_000);
    expect(expiresIn).toBeLessThanOrEqual(61_000);

    const full = lead();
    const first = await post(c.apiKey, p.body.pingId, full).expect(200);
    expect(first.body).toMatchObject({
      pingId: p.body.pingId,
      status: 'delivered',
      reason: null,
      deliveries: [{ clientId: bidder.clientId, price: 1_500 }],
    });
    // A repeat (even several at once) gets the first answer; nothing is delivered or charged twice.
    const repeats = await Promise.all([1, 2, 3].map(() => post(c.apiKey, p.body.pingId, full)));
    for (const r of repeats) expect(r.body).toEqual(first.body);
    expect(await charges(bidder.clientId)).toEqual([-1_500]);
    expect(await charges(plain.clientId)).toEqual([]);
    const [row] = await t.db.query(`SELECT status, lead_id FROM lead_pings WHERE id = $1`, [p.body.pingId]);
    expect(row).toEqual({ status: 'posted', lead_id: first.body.leadId });
    // The lead is an ordinary supplier lead: with its buyer and its contact.
    const [stored] = await t.db.query(`SELECT status, contact ->> 'email' AS email FROM leads WHERE id = $1`, [first.body.leadId]);
    expect(stored).toEqual({ status: 'delivered', email: full.email });

    // Another supplier cannot post it.
    const other = await campaignWithSupplier(t, admin, industry.id, { name: 'Other', strategy: 'waterfall', subscriptions: [] });
    await post(other.apiKey, p.body.pingId, full).expect(404);
    await post('not-a-key', p.body.pingId, full).expect(401);
  });

  it('reserves what a ping promises: 50 competing pings for room for 5 → 5 accepted, and all 5 posts delivered', async () => {
    const buyer = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: { dailyCap: 5 } });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Room for five',
      strategy: 'round_robin',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const answers = await Promise.all(Array.from({ length: 50 }, () => ping(c.apiKey, c.id)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const accepted = answers.filter((a) => a.body.accepted);
    expect(accepted).toHaveLength(5);
    expect(new Set(answers.filter((a) => !a.body.accepted).map((a) => a.body.code))).toEqual(new Set(['no_eligible_buyer']));

    // While they hold, a lead posted directly cannot take the promised slots.
    const direct = await c.ingest(lead()).expect(200);
    expect(direct.body).toMatchObject({ status: 'unsold' });
    const [record] = await t.db.query(`SELECT eligibility FROM leads WHERE id = $1`, [direct.body.leadId]);
    expect(record.eligibility).toEqual([{ clientId: buyer.clientId, eligible: false, reason: 'cap_reached' }]);

    const posts = await Promise.all(accepted.map((a) => post(c.apiKey, a.body.pingId, lead())));
    expect(posts.map((r) => [r.status, r.body.status])).toEqual(Array.from({ length: 5 }, () => [200, 'delivered']));
    expect(await charges(buyer.clientId)).toHaveLength(5);
    const [count] = await t.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1`, [buyer.clientId]);
    expect(count.n).toBe(5);
  });

  it('reserves credit too: credit for 2 leads → 2 of 3 pings accepted', async () => {
    const buyer = await onboardBuyer(t, industry.id, { credit: 2_000 });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Two leads of credit',
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const answers = await Promise.all([1, 2, 3].map(() => ping(c.apiKey, c.id)));
    expect(answers.filter((a) => a.body.accepted)).toHaveLength(2);
  });

  it('refuses personal data in a ping, naming the field, and a post whose pinged fields changed', async () => {
    const buyer = await onboardBuyer(t, industry.id, { credit: 100_000 });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Mismatch',
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    for (const field of ['email', 'phone1', 'firstname', 'lastname'] as const) {
      const refused = await ping(c.apiKey, c.id, {
        ...pinged,
        [field]: field === 'email' ? 'ann@example.com' : field === 'phone1' ? '07700900123' : 'Ann',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.details).toEqual([{ field, messages: [`${field} is personal data: send it with the post, not the ping`] }]);
    }
    const missing = await ping(c.apiKey, c.id, { postcode: 'M1 1AE' });
    expect(missing.status).toBe(422);
    expect(missing.body.details).toEqual([{ field: 'roof_type', messages: ['roof_type is required'] }]);

    const p = await ping(c.apiKey, c.id);
    expect(p.body.accepted).toBe(true);
    const changed = await post(c.apiKey, p.body.pingId, lead({ postcode: 'M1 2AB' })).expect(200);
    expect(changed.body).toMatchObject({ status: 'rejected', reason: 'ping_mismatch', mismatched: ['postcode'], deliveries: [] });
    // An invalid post is refused as a direct one would be; the ping still holds for the right lead.
    await post(c.apiKey, p.body.pingId, lead({ phone1: 'not a phone' })).expect(422);
    const right = await post(c.apiKey, p.body.pingId, lead({ postcode: 'M11AE', roof_type: 'pitched' })).expect(200);
    expect(right.body).toMatchObject({ status: 'delivered', deliveries: [{ clientId: buyer.clientId, price: 1_000 }] });
    expect(await charges(buyer.clientId)).toEqual([-1_000]);
  });

  it('releases an expired reservation: the post answers ping_expired and takes nothing in; the slot is free again', async () => {
    const buyer = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: { dailyCap: 1 } });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Expiry',
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const p = await ping(c.apiKey, c.id);
    expect(p.body.accepted).toBe(true);
    expect((await ping(c.apiKey, c.id)).body.accepted).toBe(false);
    // Its time passes (the reservation counts only while expires_at is ahead).
    await t.db.query(`UPDATE lead_pings SET expires_at = now() - interval '1 second' WHERE id = $1`, [p.body.pingId]);
    const late = await post(c.apiKey, p.body.pingId, lead()).expect(200);
    expect(late.body).toEqual({ pingId: p.body.pingId, leadId: null, status: 'rejected', reason: 'ping_expired', deliveries: [] });
    expect(await post(c.apiKey, p.body.pingId, lead()).expect(200)).toHaveProperty('body', late.body);
    const [leads] = await t.db.query(`SELECT count(*)::int AS n FROM leads WHERE campaign_id = $1`, [c.id]);
    expect(leads.n).toBe(0);
    expect((await ping(c.apiKey, c.id)).body.accepted).toBe(true);
  });

  it('holds nothing past the TTL when the API process is killed between ping and post', async () => {
    const buyer = await onboardBuyer(t, industry.id, { credit: 100_000, prefs: { dailyCap: 1 } });
    const c = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Killed',
      strategy: 'waterfall',
      subscriptions: [{ clientId: buyer.clientId }],
    });
    const port = await freePort();
    const api = await AppProcess.start('api', { ...t.env, PORT: String(port), PING_TTL_SECONDS: '2' }, 60_000);
    let pingId: unknown;
    try {
      const p = await ping(c.apiKey, c.id, pinged, `http://127.0.0.1:${port}`);
      expect(p.body).toMatchObject({ accepted: true });
      pingId = p.body.pingId;
      const expiresAt = new Date(p.body.expiresAt as string).getTime();
      await api.kill();
      // Held while it lasts…
      expect((await ping(c.apiKey, c.id)).body.accepted).toBe(false);
      // …and free once it has expired, with no process left to release it.
      await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now()) + 200));
    } finally {
      await api.kill();
    }
    expect((await ping(c.apiKey, c.id)).body.accepted).toBe(true);
    // The worker's sweep records it as expired.
    await t.app.get(PingPostService).expireDue();
    const [row] = await t.db.query(`SELECT status FROM lead_pings WHERE id = $1`, [pingId]);
    expect(row.status).toBe('expired');
  });

  it('refuses to ping a broadcast campaign (posts only)', async () => {
    const c = await campaignWithSupplier(t, admin, industry.id, { name: 'Broadcast', strategy: 'broadcast', subscriptions: [] });
    const res = await ping(c.apiKey, c.id);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/broadcasts/);
  });

  it('shows admins ping volume, acceptance and ping → post conversion per supplier', async () => {
    const res = await t.http().get('/api/admin/pings/stats').set(bearer(admin)).expect(200);
    const rows = res.body.suppliers as Array<Record<string, number | string>>;
    const five = rows.find((r) => r.supplierName === 'Room for five supplier');
    expect(five).toMatchObject({ pings: 50, accepted: 5, posted: 5, expired: 0, acceptanceRate: 0.1, conversionRate: 1 });
    const expiry = rows.find((r) => r.supplierName === 'Expiry supplier');
    expect(expiry).toMatchObject({ pings: 3, accepted: 2, posted: 0 });
    await t.http().get('/api/admin/pings/stats?from=yesterday').set(bearer(admin)).expect(400);
    await t.http().get(`/api/admin/pings/stats?from=${new Date().toISOString()}&to=2020-01-01T00:00:00Z`).set(bearer(admin)).expect(422);
    const client = await registerClient(t);
    await t.http().get('/api/admin/pings/stats').set(bearer(client.token)).expect(403);
  });
});
