import { DashboardService } from '../src/dashboard/dashboard.service';
import { bearer, createAdmin, createIndustry } from './utils/actors';
import { TestApp } from './utils/test-app';

/** The admin's "today" is the business's day (UK time), and its numbers add up. */
describe('admin overview', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts today from midnight in London (summer time too), and in = delivered + unsold + refused', async () => {
    const industry = await createIndustry(t, admin);
    const insert = (externalId: string, status: string, receivedAt: string) =>
      t.db.query(
        `INSERT INTO leads (industry_id, source, external_id, postcode, fields, status, reason, received_at)
         VALUES ($1, 'leadbyte', $2, 'M1 1AE', '{}'::jsonb, $3, $4, $5)`,
        [industry.id, externalId, status, status === 'rejected' ? 'invalid_payload' : null, receivedAt],
      );
    // 2 July, BST: 22:30 UTC on 1 July is 23:30 the day before in London; 23:30 UTC is 00:30 on the day.
    await insert('before-midnight', 'unsold', '2026-07-01T22:30:00Z');
    await insert('after-midnight', 'unsold', '2026-07-01T23:30:00Z');
    await insert('refused', 'rejected', '2026-07-02T08:00:00Z');
    const overview = await t.app.get(DashboardService).forAdmin(new Date('2026-07-02T10:00:00Z'));
    expect(overview).toMatchObject({ timeZone: 'Europe/London', leadsInToday: 2, unsoldToday: 1, rejectedToday: 1, deliveredToday: 0 });
    expect(overview.leadsInToday).toBe(overview.deliveredToday + overview.unsoldToday + overview.rejectedToday);
    // The API says the same, for now.
    const now = (await t.http().get('/api/admin/overview').set(bearer(admin)).expect(200)).body;
    expect(now.leadsInToday).toBe(now.deliveredToday + now.unsoldToday + now.rejectedToday);
  });
});
