import { bearer, campaignWithSupplier, connectXero, createAdmin, createIndustry, onboardBuyer, type IndustryBody } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';

const COLUMNS = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];
let n = 0;
const lead = (overrides: Record<string, unknown> = {}) => {
  n += 1;
  return {
    lead_id: `LB-R-${Date.now()}-${n}`,
    firstname: 'Ann',
    phone1: `07700${String(200000 + n).slice(-6)}`,
    postcode: 'M1 1AE',
    ...overrides,
  };
};

describe('the client’s leads, reports and refunds', () => {
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

  const buyer = (prefs: Record<string, unknown> = {}) => onboardBuyer(t, industry.id, { credit: 10_000, prefs });
  const balance = async (token: string) => (await t.http().get('/api/billing').set(bearer(token)).expect(200)).body.balance as number;

  it('lists, filters and shows the client’s leads, and hides them from other clients', async () => {
    const b = await buyer();
    for (let i = 0; i < 3; i += 1)
      await t
        .http()
        .post(b.path)
        .send(lead({ postcode: i === 2 ? 'M1 2AB' : 'M1 1AE' }))
        .expect(201);
    const page = (await t.http().get('/api/leads?pageSize=2').set(bearer(b.token)).expect(200)).body;
    expect(page.meta).toEqual({ page: 1, pageSize: 2, total: 3 });
    expect(page.items[0]).toMatchObject({ status: 'delivered', price: 2_500, currency: 'GBP', fields: { firstname: 'Ann' } });
    const filtered = (await t.http().get('/api/leads?postcode=m1 2').set(bearer(b.token)).expect(200)).body;
    expect(filtered.items.map((l: { postcode: string }) => l.postcode)).toEqual(['M1 2AB']);
    const search = (
      await t
        .http()
        .get(`/api/leads?search=${encodeURIComponent('+4477002')}`)
        .set(bearer(b.token))
        .expect(200)
    ).body;
    expect(search.meta.total).toBe(3);

    const other = await buyer();
    await t.http().get(`/api/leads/${page.items[0].id}`).set(bearer(other.token)).expect(404);
    await t.http().post(`/api/leads/${page.items[0].id}/report`).set(bearer(other.token)).send({ reason: 'fake' }).expect(404);
    expect((await t.http().get('/api/leads').set(bearer(other.token)).expect(200)).body.meta.total).toBe(0);
  });

  it('refunds an approved report exactly once, with one Xero credit note; approving again does nothing more', async () => {
    const b = await buyer();
    const accepted = (await t.http().post(b.path).send(lead()).expect(201)).body;
    expect(await balance(b.token)).toBe(7_500);
    const report = (
      await t.http().post(`/api/leads/${accepted.leadId}/report`).set(bearer(b.token)).send({ reason: 'wrong_number' }).expect(201)
    ).body;
    expect(report).toMatchObject({ status: 'pending', price: 2_500 });
    await t.http().post(`/api/leads/${accepted.leadId}/report`).set(bearer(b.token)).send({ reason: 'fake' }).expect(409);
    const queue = (await t.http().get('/api/admin/reports?status=pending').set(bearer(admin)).expect(200)).body;
    expect(queue.items.map((r: { id: string }) => r.id)).toContain(report.id);

    const [first, second] = await Promise.all([
      t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({ note: 'Number unobtainable' }),
      t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({}),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({}).expect(200);
    expect(await balance(b.token)).toBe(10_000);
    await t.http().post(`/api/admin/reports/${report.id}/reject`).set(bearer(admin)).send({}).expect(409);
    await waitForQueuesToDrain(t.queues());
    const refunds = await t.db.query(`SELECT id FROM ledger_entries WHERE client_id = $1 AND kind = 'refund'`, [b.clientId]);
    expect(refunds).toHaveLength(1);
    const state = (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as {
      xero: { creditNotes: Array<{ Reference: string }> };
    };
    expect(state.xero.creditNotes.filter((c) => c.Reference === refunds[0].id)).toHaveLength(1);
    const listed = (
      await t
        .http()
        .get(`/api/admin/clients?search=${encodeURIComponent(b.email)}`)
        .set(bearer(admin))
        .expect(200)
    ).body.items[0];
    expect(listed).toMatchObject({ leadsDelivered30d: 1, reportRate30d: 1 });
    const detail = (await t.http().get(`/api/leads/${accepted.leadId}`).set(bearer(b.token)).expect(200)).body;
    expect(detail).toMatchObject({ status: 'refunded', reportStatus: 'approved' });
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type = 'lead.reported'`, [b.clientId]);
    expect(events).toHaveLength(1);
  });

  it('leaves the balance alone when a report is rejected, and refuses reports after the window', async () => {
    const b = await buyer();
    const accepted = (await t.http().post(b.path).send(lead()).expect(201)).body;
    const report = (
      await t
        .http()
        .post(`/api/leads/${accepted.leadId}/report`)
        .set(bearer(b.token))
        .send({ reason: 'other', note: 'Said they never asked' })
        .expect(201)
    ).body;
    const rejected = (
      await t
        .http()
        .post(`/api/admin/reports/${report.id}/reject`)
        .set(bearer(admin))
        .send({ note: 'Valid lead: recorded consent' })
        .expect(200)
    ).body;
    expect(rejected).toMatchObject({ status: 'rejected', adminNote: 'Valid lead: recorded consent' });
    expect(await balance(b.token)).toBe(7_500);
    // The outcome reaches the client: the note on the lead, and an email (its preferences want it by default).
    const seen = (await t.http().get(`/api/leads/${accepted.leadId}`).set(bearer(b.token)).expect(200)).body;
    expect(seen).toMatchObject({ reportStatus: 'rejected', reportNote: 'Valid lead: recorded consent' });
    for (let i = 0; i < 300 && !t.inbox.to(b.email).some((m) => m.subject === 'Report not approved'); i += 1)
      await new Promise((r) => setTimeout(r, 50));
    const mail = t.inbox.to(b.email).find((m) => m.subject === 'Report not approved')!;
    expect(mail.text).toContain('Our note: Valid lead: recorded consent');
    expect(mail.text).toContain(`/leads/${accepted.leadId}`);
    // A client who turned report emails off is not emailed.
    const quiet = await buyer();
    const prefs = (await t.http().get('/api/notification-preferences').set(bearer(quiet.token)).expect(200)).body;
    await t
      .http()
      .put('/api/notification-preferences')
      .set(bearer(quiet.token))
      .send({ ...prefs, reports: false })
      .expect(200);
    const quietLead = (await t.http().post(quiet.path).send(lead()).expect(201)).body;
    const quietReport = (
      await t.http().post(`/api/leads/${quietLead.leadId}/report`).set(bearer(quiet.token)).send({ reason: 'fake' }).expect(201)
    ).body;
    await t.http().post(`/api/admin/reports/${quietReport.id}/reject`).set(bearer(admin)).send({ note: 'Looks real' }).expect(200);
    await waitForQueuesToDrain(t.queues());
    expect(t.inbox.to(quiet.email).filter((m) => m.subject.startsWith('Report'))).toEqual([]);
    await t.http().post(`/api/admin/reports/${report.id}/approve`).set(bearer(admin)).send({}).expect(409);

    const old = (await t.http().post(b.path).send(lead()).expect(201)).body;
    await t.db.query(`UPDATE deliveries SET delivered_at = now() - interval '8 days' WHERE lead_id = $1`, [old.leadId]);
    const late = await t.http().post(`/api/leads/${old.leadId}/report`).set(bearer(b.token)).send({ reason: 'fake' }).expect(409);
    expect(late.body.message).toBe('Leads can be reported within 7 days of delivery');
    const noNote = await t.http().post(`/api/leads/${accepted.leadId}/report`).set(bearer(b.token)).send({ reason: 'other' }).expect(400);
    expect(noNote.body.details[0].field).toBe('note');
  });

  it('tells a client which leads it did not get, and why', async () => {
    const winner = await buyer();
    const capped = await buyer({ dailyCap: 1 });
    const created = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Why',
      strategy: 'waterfall',
      subscriptions: [
        { clientId: capped.clientId, priority: 1 },
        { clientId: winner.clientId, priority: 2 },
      ],
    });
    const ingest = () => created.ingest(lead()).expect(200);
    expect((await ingest()).body.deliveries[0].clientId).toBe(capped.clientId);
    const second = (await ingest()).body;
    expect(second.deliveries[0].clientId).toBe(winner.clientId);
    const missed = (await t.http().get('/api/leads/missed').set(bearer(capped.token)).expect(200)).body;
    expect(missed.items).toEqual([expect.objectContaining({ id: second.leadId, reason: 'cap_reached' })]);
    expect((await t.http().get('/api/leads/missed').set(bearer(winner.token)).expect(200)).body.items).toEqual([
      expect.objectContaining({ reason: 'not_offered' }),
    ]);
    // Admins see every candidate's outcome, with names.
    const adminView = (await t.http().get(`/api/admin/leads/${second.leadId}`).set(bearer(admin)).expect(200)).body;
    expect(adminView).toMatchObject({
      source: 'supplier',
      status: 'delivered',
      deliveries: [{ clientId: winner.clientId, price: 2_500, status: 'delivered' }],
    });
    expect(adminView.eligibility).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: capped.clientId, eligible: false, reason: 'cap_reached' }),
        expect.objectContaining({ clientId: winner.clientId, eligible: true, reason: null }),
      ]),
    );
    expect(adminView.eligibility.every((e: { businessName: string | null }) => typeof e.businessName === 'string')).toBe(true);
    const listed = (await t.http().get(`/api/admin/leads?campaignId=${created.id}&pageSize=10`).set(bearer(admin)).expect(200)).body;
    expect(listed.meta.total).toBe(2);
    await t.http().get(`/api/admin/leads/${second.leadId}`).set(bearer(winner.token)).expect(403);
  });
});

describe('reprocessing', () => {
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
    await t.close();
  });

  it('offers a reported lead again, never to a buyer who already had it', async () => {
    const buyers = [];
    for (let i = 0; i < 3; i += 1) buyers.push(await onboardBuyer(t, industry.id, { credit: 10_000 }));
    const campaign = await campaignWithSupplier(t, admin, industry.id, {
      name: 'Reprocess',
      strategy: 'round_robin',
      subscriptions: buyers.map((b) => ({ clientId: b.clientId })),
    });
    const first = (await campaign.ingest(lead()).expect(200)).body;
    const owners = new Set<string>([first.deliveries[0].clientId]);
    for (let i = 0; i < 2; i += 1) {
      const again = (await t.http().post(`/api/admin/leads/${first.leadId}/reprocess`).set(bearer(admin)).expect(200)).body;
      expect(again.deliveries).toHaveLength(1);
      expect(owners.has(again.deliveries[0].clientId)).toBe(false);
      owners.add(again.deliveries[0].clientId);
    }
    expect(owners.size).toBe(3);
    const none = await t.http().post(`/api/admin/leads/${first.leadId}/reprocess`).set(bearer(admin)).expect(409);
    expect(none.body.message).toBe('Every buyer who could take this lead already had it');
    const deliveries = await t.db.query(
      `SELECT count(DISTINCT client_id)::int AS buyers, count(*)::int AS n FROM deliveries WHERE lead_id = $1`,
      [first.leadId],
    );
    expect(deliveries[0]).toEqual({ buyers: 3, n: 3 });
    const events = await t.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'lead.reprocessed' AND aggregate_id = $1`, [
      first.leadId,
    ]);
    expect(events[0].n).toBe(2);
    await t.http().post(`/api/admin/leads/${first.leadId}/reprocess`).set(bearer(buyers[0]!.token)).expect(403);
  });
});
