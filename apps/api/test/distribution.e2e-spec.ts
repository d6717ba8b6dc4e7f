import { LedgerService } from '../src/billing/ledger.service';
import { bearer, connectXero, createAdmin, createIndustry, leadPreferences, onboardBillable, type IndustryBody } from './utils/actors';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
let n = 0;
const fields = (overrides: Record<string, unknown> = {}) => {
  n += 1;
  return { firstname: 'Ann', phone1: `07700${String(100000 + n).slice(-6)}`, postcode: 'M1 1AE', ...overrides };
};

describe('supplier ingest and the distribution engine', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;
  let ledger: LedgerService;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { leadCost: 1_000, leadColumns: COLUMNS });
    await connectXero(t, admin);
    ledger = t.app.get(LedgerService);
  });
  afterAll(async () => {
    await t.close();
  });

  async function buyers(count: number, balance = 1_000_000, prefs: Record<string, unknown> = {}) {
    const list = [];
    for (let i = 0; i < count; i += 1) {
      const c = await onboardBillable(t, industry.id);
      await t
        .http()
        .put('/api/onboarding/lead-preferences')
        .set(bearer(c.token))
        .send(
          leadPreferences({
            postcodeAreas: ['M1'],
            dailyCap: 10_000,
            weeklyCap: null,
            deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            deliveryStart: '00:00',
            deliveryEnd: '24:00',
            ...prefs,
          }),
        )
        .expect(200);
      if (balance) await ledger.credit('top_up', { clientId: c.clientId, amount: balance, cause: `seed:${c.clientId}` });
      list.push(c);
    }
    return list;
  }

  async function campaign(strategy: string, subs: Array<{ clientId: string; weight?: number; priority?: number; dailyCap?: number }>) {
    const created = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(admin))
        .send({ name: `${strategy} campaign`, industryId: industry.id, strategy })
        .expect(201)
    ).body as { id: string };
    for (const s of subs) await t.http().put(`/api/admin/campaigns/${created.id}/subscriptions`).set(bearer(admin)).send(s).expect(200);
    const supplier = (
      await t
        .http()
        .post('/api/admin/suppliers')
        .set(bearer(admin))
        .send({ name: `${strategy} supplier`, campaignIds: [created.id] })
        .expect(201)
    ).body as { id: string; apiKey: string };
    return { id: created.id, key: supplier.apiKey, supplierId: supplier.id };
  }
  const ingest = (key: string, body: object) => t.http().post('/api/leads/ingest').set('X-API-Key', key).send(body);
  const deliveriesBy = async (clientIds: string[]) => {
    const rows = await t.db.query(`SELECT client_id, count(*)::int AS n FROM deliveries WHERE client_id = ANY($1) GROUP BY client_id`, [
      clientIds,
    ]);
    return Object.fromEntries(clientIds.map((id) => [id, rows.find((r: { client_id: string }) => r.client_id === id)?.n ?? 0]));
  };

  it('round robin shares leads evenly over its buyers (100 leads, 5 buyers: 20 each)', async () => {
    const list = await buyers(5);
    const c = await campaign(
      'round_robin',
      list.map((b) => ({ clientId: b.clientId })),
    );
    for (let i = 0; i < 100; i += 1) {
      const res = await ingest(c.key, { campaignId: c.id, fields: fields() }).expect(200);
      expect(res.body.status).toBe('delivered');
    }
    expect(Object.values(await deliveriesBy(list.map((b) => b.clientId)))).toEqual([20, 20, 20, 20, 20]);
  });

  it('waterfall gives the lead to the highest priority, and falls back when it is capped or out of credit', async () => {
    const [top, second, third] = await buyers(3, 0);
    await ledger.credit('top_up', { clientId: top!.clientId, amount: 2_000, cause: `seed:${top!.clientId}` }); // credit for 2 leads
    await ledger.credit('top_up', { clientId: second!.clientId, amount: 100_000, cause: `seed:${second!.clientId}` });
    await ledger.credit('top_up', { clientId: third!.clientId, amount: 100_000, cause: `seed:${third!.clientId}` });
    const c = await campaign('waterfall', [
      { clientId: third!.clientId, priority: 3 },
      { clientId: top!.clientId, priority: 1 },
      { clientId: second!.clientId, priority: 2, dailyCap: 1 },
    ]);
    const winners: string[] = [];
    for (let i = 0; i < 4; i += 1)
      winners.push((await ingest(c.key, { campaignId: c.id, fields: fields() }).expect(200)).body.deliveries[0].clientId);
    // top ×2 (then out of credit) → second ×1 (then its campaign cap) → third.
    expect(winners).toEqual([top!.clientId, top!.clientId, second!.clientId, third!.clientId]);
    const last = await t.db.query(`SELECT eligibility FROM leads WHERE campaign_id = $1 ORDER BY received_at DESC LIMIT 1`, [c.id]);
    expect(last[0].eligibility).toEqual(
      expect.arrayContaining([
        { clientId: top!.clientId, eligible: false, reason: 'no_credit' },
        { clientId: second!.clientId, eligible: false, reason: 'cap_reached' },
        { clientId: third!.clientId, eligible: true, reason: null },
      ]),
    );
  });

  it('broadcast delivers to and charges every eligible buyer once', async () => {
    const list = await buyers(3, 50_000);
    const [outOfArea] = await buyers(1, 50_000, { postcodeAreas: ['LS1'] });
    const c = await campaign(
      'broadcast',
      [...list, outOfArea!].map((b) => ({ clientId: b.clientId })),
    );
    const res = (await ingest(c.key, { campaignId: c.id, externalId: 'SUP-1', fields: fields() }).expect(200)).body;
    expect(res.deliveries).toHaveLength(3);
    const again = (await ingest(c.key, { campaignId: c.id, externalId: 'SUP-1', fields: fields() }).expect(200)).body;
    expect(again).toEqual(res);
    const balances = await t.db.query(`SELECT client_id, balance::int AS b FROM credit_accounts WHERE client_id = ANY($1)`, [
      [...list, outOfArea!].map((b) => b.clientId),
    ]);
    for (const b of list) expect(balances.find((r: { client_id: string }) => r.client_id === b.clientId).b).toBe(49_000);
    expect(balances.find((r: { client_id: string }) => r.client_id === outOfArea!.clientId).b).toBe(50_000);

    // Taking a buyer out of the campaign is on their activity log, with the admin as the actor.
    await t.http().delete(`/api/admin/campaigns/${c.id}/subscriptions/${outOfArea!.clientId}`).set(bearer(admin)).expect(200);
    const activity = (await t.http().get(`/api/admin/clients/${outOfArea!.clientId}/activity`).set(bearer(admin)).expect(200)).body.items;
    expect(activity.slice(0, 2)).toMatchObject([
      { action: 'campaign_subscription.removed', actor: expect.stringMatching(/\(admin\)$/), before: { campaignId: c.id } },
      { action: 'campaign_subscription.saved', after: { campaignId: c.id, campaign: 'broadcast campaign' } },
    ]);
  });

  it('answers 401 to a wrong key, 403 to a key for another campaign, 422 naming bad fields, and rotates keys', async () => {
    const [b] = await buyers(1);
    const one = await campaign('round_robin', [{ clientId: b!.clientId }]);
    const other = await campaign('round_robin', [{ clientId: b!.clientId }]);
    await ingest('lfs_wrong', { campaignId: one.id, fields: fields() }).expect(401);
    await t.http().post('/api/leads/ingest').send({ campaignId: one.id, fields: fields() }).expect(401);
    const forbidden = await ingest(other.key, { campaignId: one.id, fields: fields() }).expect(403);
    expect(forbidden.body.message).toBe('This key may not post to that campaign');
    const bad = await ingest(one.key, { campaignId: one.id, fields: fields({ phone1: 'nope' }) }).expect(422);
    expect(bad.body.details).toEqual([{ field: 'phone1', messages: ['phone1 must be a UK phone number'] }]);
    const rotated = (await t.http().post(`/api/admin/suppliers/${one.supplierId}/rotate-key`).set(bearer(admin)).expect(201)).body
      .apiKey as string;
    await ingest(one.key, { campaignId: one.id, fields: fields() }).expect(401);
    await ingest(rotated, { campaignId: one.id, fields: fields() }).expect(200);
    const stored = await t.db.query(`SELECT key_hash FROM suppliers WHERE id = $1`, [one.supplierId]);
    expect(stored[0].key_hash).not.toContain(rotated);
  });
  it('keeps a supplier lead’s standard fields, takes the same email in another case as a duplicate, and refuses an object in a field', async () => {
    const [b] = await buyers(1, 10_000);
    const c = await campaign('round_robin', [{ clientId: b!.clientId }]);
    const address = {
      street1: '12 High Street',
      street2: 'Flat 3',
      towncity: 'Manchester',
      county: 'Greater Manchester',
      email: ' Ann.Supplier@Example.com ',
      phone2: '44 161 496 0000',
    };
    const first = (await ingest(c.key, { campaignId: c.id, fields: fields(address) }).expect(200)).body;
    expect(first.status).toBe('delivered');
    const detail = (
      await t
        .http()
        .get(`/api/leads/${first.leadId as string}`)
        .set(bearer(b!.token))
        .expect(200)
    ).body;
    expect(detail.contact).toMatchObject({
      street1: '12 High Street',
      street2: 'Flat 3',
      towncity: 'Manchester',
      county: 'Greater Manchester',
      email: 'ann.supplier@example.com',
      phone2: '+441614960000',
      postcode: 'M1 1AE',
    });

    // Another phone, the same email in another case: the buyer already had it.
    const again = (await ingest(c.key, { campaignId: c.id, fields: fields({ email: 'ANN.SUPPLIER@example.com' }) }).expect(200)).body;
    expect(again).toMatchObject({ status: 'unsold', deliveries: [] });
    const record = await t.db.query(`SELECT eligibility FROM leads WHERE id = $1`, [again.leadId]);
    expect(record[0].eligibility).toEqual([{ clientId: b!.clientId, eligible: false, reason: 'duplicate' }]);

    const bad = await ingest(c.key, { campaignId: c.id, fields: fields({ firstname: { name: 'Ann' }, towncity: ['Manchester'] }) }).expect(
      422,
    );
    expect(bad.body.details).toEqual([
      { field: 'firstname', messages: ['firstname must be a single value (text or a number), not an object'] },
      { field: 'towncity', messages: ['towncity must be a single value (text or a number), not a list'] },
    ]);
    expect(await deliveriesBy([b!.clientId])).toEqual({ [b!.clientId]: 1 });
  });
});
