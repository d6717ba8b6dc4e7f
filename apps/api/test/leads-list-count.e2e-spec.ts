import { COUNT_EXACTLY_UP_TO, COUNT_EXACTLY_UP_TO_READING_LEADS } from '../src/core/http/pagination';
import { bearer, connectXero, createAdmin, createIndustry, onboardBillable } from './utils/actors';
import { TestApp } from './utils/test-app';

/** A client with more leads than the lists count exactly: pages stay cheap and say "at least". */
describe('leads lists on a very large account', () => {
  let t: TestApp;
  let client: { token: string; clientId: string };
  let admin: string;
  const N = COUNT_EXACTLY_UP_TO + 60;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    const industry = await createIndustry(t, admin);
    await connectXero(t, admin);
    client = await onboardBillable(t, industry.id);
    await t.db.query(
      `WITH rows AS (
         INSERT INTO leads (industry_id, source, external_id, target_client_id, postcode, fields, status, received_at)
         SELECT $1::uuid, 'leadbyte', 'LB-BIG-' || i, $2::uuid, 'M1 1AE', jsonb_build_object('firstname', 'Ann', 'phone1', '07700' || (900000 + i)), 'delivered', now() - (i || ' seconds')::interval
           FROM generate_series(1, $3::int) AS i
         RETURNING id, received_at)
       INSERT INTO deliveries (lead_id, client_id, price, currency, status, delivered_at)
       SELECT id, $2::uuid, 1000, 'GBP', 'delivered', received_at FROM rows`,
      [industry.id, client.clientId, N],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts exactly below the limit', async () => {
    const week = (
      await t
        .http()
        .get('/api/leads')
        .query({ from: new Date(Date.now() - 60_000).toISOString(), pageSize: 50 })
        .set(bearer(client.token))
        .expect(200)
    ).body;
    expect(week.meta.total).toBeGreaterThan(0);
    expect(week.meta.total).toBeLessThan(100);
    expect(week.meta.totalIsLowerBound).toBeUndefined();
  });

  it('stops counting past the limit, says so, and still pages to the end', async () => {
    const first = (await t.http().get('/api/leads').query({ pageSize: 50 }).set(bearer(client.token)).expect(200)).body;
    expect(first.items).toHaveLength(50);
    expect(first.meta).toEqual({ page: 1, pageSize: 50, total: COUNT_EXACTLY_UP_TO + 1, totalIsLowerBound: true });
    // Past the limit the count follows the page: the last page is counted exactly again.
    const lastPage = Math.ceil(N / 50);
    const last = (await t.http().get('/api/leads').query({ pageSize: 50, page: lastPage }).set(bearer(client.token)).expect(200)).body;
    expect(last.items).toHaveLength(N - (lastPage - 1) * 50);
    expect(last.meta).toEqual({ page: lastPage, pageSize: 50, total: N });
    const beyond = (
      await t
        .http()
        .get('/api/leads')
        .query({ pageSize: 50, page: lastPage - 1 })
        .set(bearer(client.token))
        .expect(200)
    ).body;
    expect(beyond.meta.totalIsLowerBound).toBe(true);
    expect(beyond.meta.total).toBeGreaterThan((lastPage - 1) * 50);
  });

  it('counts a filter that reads each lead (postcode, search) exactly only to 1,000', async () => {
    const byPostcode = (await t.http().get('/api/leads').query({ pageSize: 50, postcode: 'M1' }).set(bearer(client.token)).expect(200))
      .body;
    expect(byPostcode.items).toHaveLength(50);
    expect(byPostcode.meta).toEqual({ page: 1, pageSize: 50, total: COUNT_EXACTLY_UP_TO_READING_LEADS + 1, totalIsLowerBound: true });
    const bySearch = (await t.http().get('/api/leads').query({ pageSize: 50, search: 'Ann' }).set(bearer(client.token)).expect(200)).body;
    expect(bySearch.meta).toEqual({ page: 1, pageSize: 50, total: COUNT_EXACTLY_UP_TO_READING_LEADS + 1, totalIsLowerBound: true });
    // A page past that is still counted up to its end, and a narrow search exactly.
    const deep = (await t.http().get('/api/leads').query({ pageSize: 50, page: 30, postcode: 'M1' }).set(bearer(client.token)).expect(200))
      .body;
    expect(deep.meta).toEqual({ page: 30, pageSize: 50, total: 1_501, totalIsLowerBound: true });
    // Every lead here is in M1, so the filtered pages are the unfiltered ones: the first from the newest
    // deliveries, the last (past what is looked through first) from all of them.
    const all = (await t.http().get('/api/leads').query({ pageSize: 50 }).set(bearer(client.token)).expect(200)).body;
    expect(byPostcode.items.map((l: { id: string }) => l.id)).toEqual(all.items.map((l: { id: string }) => l.id));
    const last = (
      await t.http().get('/api/leads').query({ pageSize: 100, page: 101, postcode: 'M1' }).set(bearer(client.token)).expect(200)
    ).body;
    expect(last.items).toHaveLength(N - 10_000);
    const lastAll = (await t.http().get('/api/leads').query({ pageSize: 100, page: 101 }).set(bearer(client.token)).expect(200)).body;
    expect(last.items.map((l: { id: string }) => l.id)).toEqual(lastAll.items.map((l: { id: string }) => l.id));
    const one = (await t.http().get('/api/leads').query({ search: '07700900017' }).set(bearer(client.token)).expect(200)).body;
    expect(one.meta).toEqual({ page: 1, pageSize: 25, total: 1 });
  });

  it('counts the ledger the same way', async () => {
    await t.db.query(
      `INSERT INTO ledger_entries (client_id, kind, amount, balance_after, currency, cause, created_at)
       SELECT $1::uuid, 'lead_charge', -1000, -1000 * i, 'GBP', 'bench-ledger:' || i, now() - (i || ' seconds')::interval FROM generate_series(1, $2::int) AS i`,
      [client.clientId, N],
    );
    const first = (await t.http().get('/api/billing/ledger').query({ pageSize: 50 }).set(bearer(client.token)).expect(200)).body;
    expect(first.items).toHaveLength(50);
    expect(first.meta).toEqual({ page: 1, pageSize: 50, total: COUNT_EXACTLY_UP_TO + 1, totalIsLowerBound: true });
    const lastPage = Math.ceil(N / 50);
    const last = (await t.http().get('/api/billing/ledger').query({ pageSize: 50, page: lastPage }).set(bearer(client.token)).expect(200))
      .body;
    expect(last.meta).toEqual({ page: lastPage, pageSize: 50, total: N });
    expect(last.items).toHaveLength(N - (lastPage - 1) * 50);
  });

  it('exports every lead as CSV, streamed past any cap, one Postcode column, phones as UK numbers', async () => {
    const res = await t
      .http()
      .get('/api/leads/export.csv')
      .set(bearer(client.token))
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    expect(res.headers['content-disposition']).toContain('leadflow-leads.csv');
    const lines = res.text.trim().split('\n');
    const header = lines[0]!.split(',');
    expect(lines).toHaveLength(N + 1);
    expect(header.filter((h) => h === 'Postcode')).toHaveLength(1);
    expect(header.slice(0, 5)).toEqual(['Delivered', 'Status', 'Report', 'Price', 'Currency']);
    expect(header.at(-1)).toBe('Lead ID');
    // Newest first, and the phone as people write it.
    expect(lines[1]).toContain('07700 900001');
    expect(lines[1]).toContain(',Delivered,,10.00,GBP,');
    // The filters are the list's.
    const since = new Date(Date.now() - 60_000).toISOString();
    const recent = await t.http().get('/api/leads/export.csv').query({ from: since }).set(bearer(client.token)).expect(200);
    const listed = (await t.http().get('/api/leads').query({ from: since, pageSize: 100 }).set(bearer(client.token)).expect(200)).body;
    expect(recent.text.trim().split('\n')).toHaveLength(listed.meta.total + 1);
  });

  it('never lets a lead field run as a spreadsheet formula in the export', async () => {
    const other = await onboardBillable(
      t,
      (await t.db.query(`SELECT industry_id FROM clients WHERE id = $1`, [client.clientId]))[0].industry_id,
    );
    await t.db.query(
      `WITH l AS (
         INSERT INTO leads (industry_id, source, external_id, target_client_id, postcode, fields, status, received_at)
         SELECT industry_id, 'leadbyte', 'LB-FORMULA', $1::uuid, 'M1 1AE',
                jsonb_build_object('firstname', '=HYPERLINK("http://evil.example","x")', 'lastname', '@SUM(1+1)', 'phone1', '-2+3'),
                'delivered', now()
           FROM clients WHERE id = $1
         RETURNING id)
       INSERT INTO deliveries (lead_id, client_id, price, currency, status, delivered_at) SELECT id, $1::uuid, 1000, 'GBP', 'delivered', now() FROM l`,
      [other.clientId],
    );
    const csv = (await t.http().get('/api/leads/export.csv').set(bearer(other.token)).expect(200)).text;
    const row = csv.trim().split('\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(row).toContain("'@SUM(1+1)");
    expect(row).toContain("'-2+3");
    // Another client's leads are not in it.
    expect(csv.trim().split('\n')).toHaveLength(2);
  });

  it('does the same for the admin leads list', async () => {
    const page = (await t.http().get('/api/admin/leads').query({ pageSize: 50 }).set(bearer(admin)).expect(200)).body;
    expect(page.items).toHaveLength(50);
    expect(page.meta).toEqual({ page: 1, pageSize: 50, total: COUNT_EXACTLY_UP_TO + 1, totalIsLowerBound: true });
  });
});
