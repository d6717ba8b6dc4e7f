import { Plans1797600000000 } from '../src/core/database/migrations/1797600000000-plans';
import { SubscriptionInvoices1797700000000 } from '../src/core/database/migrations/1797700000000-subscription-invoices';
import { SubscriptionCycle1797800000000 } from '../src/core/database/migrations/1797800000000-subscription-cycle';
import { upsertUser } from '../src/bin/upsert-user';
import { bearer, createAdmin, registerClient } from './utils/actors';
import { newUser, TestApp } from './utils/test-app';

interface PlanBody {
  id: string;
  name: string;
  monthlyPrice: number;
  monthlyVat: number;
  monthlyGross: number;
  seatsIncluded: number;
  isPublic: boolean;
  isDefault: boolean;
  active: boolean;
}

const TEAM = { name: 'Team', monthlyPrice: 4_900, seatsIncluded: 3, seatPrice: 1_000, billingPeriod: 'monthly', isPublic: true };

describe('plans and subscriptions', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
  });
  afterAll(async () => t.close());

  const activityOf = async (clientId: string, action: string) =>
    (await t.db.query('SELECT actor_user_id, before, after FROM activity_log WHERE client_id = $1 AND action = $2 ORDER BY created_at', [
      clientId,
      action,
    ])) as Array<{ actor_user_id: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> }>;

  const subscriptionOf = async (clientId: string) =>
    (
      (await t.db.query('SELECT plan_id, add_on_seats, comped_seats, status FROM client_subscriptions WHERE client_id = $1', [
        clientId,
      ])) as Array<{ plan_id: string; add_on_seats: number; comped_seats: number; status: string }>
    )[0];

  async function createPlan(body: Record<string, unknown>): Promise<PlanBody> {
    return (await t.http().post('/api/admin/plans').set(bearer(admin)).send(body).expect(201)).body as PlanBody;
  }

  it('moves a client that existed before plans onto the free plan with its seat limit: 7 seats are 1 plan seat + 6 comped, logged', async () => {
    const before = await registerClient(t);
    // Back to the schema before plans (undoing the migrations that build on it first), with a client an admin gave 7 seats.
    const migration = new Plans1797600000000();
    const later = [new SubscriptionCycle1797800000000(), new SubscriptionInvoices1797700000000()];
    const runner = t.db.createQueryRunner();
    try {
      await runner.startTransaction();
      for (const m of later) await m.down(runner);
      await migration.down(runner);
      await runner.query('UPDATE clients SET seat_limit = 7 WHERE id = $1', [before.clientId]);
      await migration.up(runner);
      for (const m of [...later].reverse()) await m.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }

    const [free] = (await t.db.query('SELECT id, name, monthly_price, seats_included FROM plans WHERE is_default')) as Array<{
      id: string;
      name: string;
      monthly_price: number;
      seats_included: number;
    }>;
    expect(free).toMatchObject({ name: 'Free', monthly_price: 0, seats_included: 1 });
    expect(await subscriptionOf(before.clientId)).toEqual({ plan_id: free!.id, add_on_seats: 0, comped_seats: 6, status: 'active' });
    const [client] = (await t.db.query('SELECT seat_limit FROM clients WHERE id = $1', [before.clientId])) as Array<{ seat_limit: number }>;
    expect(client!.seat_limit).toBe(7);

    expect(await activityOf(before.clientId, 'subscription.started')).toEqual([
      {
        actor_user_id: null,
        before: { seatLimit: 7 },
        after: {
          plan: 'Free',
          seatsIncluded: 1,
          compedSeats: 6,
          seatLimit: 7,
          reason: expect.stringMatching(/comped, so the seat limit is unchanged/),
        },
      },
    ]);
    const seen = (await t.http().get('/api/subscription').set(bearer(before.token)).expect(200)).body;
    expect(seen).toMatchObject({
      plan: { name: 'Free', isDefault: true },
      compedSeats: 6,
      seatLimit: 7,
      seatsUsed: 1,
      currentPeriodEnd: null,
    });
  });

  it('starts a new client on the free plan at registration, keeping the usual 5 seats (4 comped), with subscription.started in the outbox', async () => {
    const c = await registerClient(t);
    const sub = (await t.http().get('/api/subscription').set(bearer(c.token)).expect(200)).body;
    expect(sub).toMatchObject({
      clientId: c.clientId,
      plan: { name: 'Free', monthlyPrice: 0, seatsIncluded: 1, isDefault: true, active: true },
      status: 'active',
      addOnSeats: 0,
      compedSeats: 4,
      seatLimit: 5,
      seatsUsed: 1,
      currentPeriodEnd: null,
      nextBillAt: null,
      cancelAtPeriodEnd: false,
    });
    expect((await t.http().get('/api/team').set(bearer(c.token)).expect(200)).body).toMatchObject({ seatLimit: 5 });

    const events = (await t.db.query(`SELECT payload FROM outbox_events WHERE client_id = $1 AND type = 'subscription.started'`, [
      c.clientId,
    ])) as Array<{ payload: Record<string, unknown> }>;
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ clientId: c.clientId, planName: 'Free', seatsIncluded: 1, compedSeats: 4, seatLimit: 5, status: 'active' }),
    ]);

    // The admin sees the same subscription on the client's page.
    const asAdmin = (await t.http().get(`/api/admin/clients/${c.clientId}/subscription`).set(bearer(admin)).expect(200)).body;
    expect(asAdmin).toEqual(sub);
  });

  it('puts a client made by the admin command or the demo data on the free plan too', async () => {
    const { user } = await upsertUser(t.db, { ...newUser(), role: 'client' });
    expect(await subscriptionOf(user.clientId!)).toMatchObject({ add_on_seats: 0, comped_seats: 4, status: 'active' });
  });

  it('registers nobody when the free plan cannot be given: the subscription is in the registration’s transaction', async () => {
    const person = newUser();
    await t.db.query('UPDATE plans SET is_default = false WHERE is_default');
    try {
      await t.http().post('/api/auth/register').send(person).expect(500);
    } finally {
      await t.db.query(`UPDATE plans SET is_default = true WHERE name = 'Free'`);
    }
    expect(await t.db.query('SELECT 1 FROM users WHERE email = $1', [person.email])).toEqual([]);
    await t.http().post('/api/auth/register').send(person).expect(201);
  });

  it('lets admins create, change and retire plans; the pricing page lists only active public ones, VAT added on top', async () => {
    const team = await createPlan(TEAM);
    expect(team).toMatchObject({ name: 'Team', monthlyPrice: 4_900, monthlyVat: 980, monthlyGross: 5_880, isPublic: true, active: true });
    const hidden = await createPlan({ ...TEAM, name: 'Agency (private)', isPublic: false, billingPeriod: 'yearly' });

    // No sign-in needed for the pricing page.
    const onSale = (await t.http().get('/api/plans').expect(200)).body as PlanBody[];
    expect(onSale.map((p) => p.name)).toEqual(['Free', 'Team']);

    const renamed = (
      await t.http().patch(`/api/admin/plans/${team.id}`).set(bearer(admin)).send({ name: 'Team plus', monthlyPrice: 5_900 }).expect(200)
    ).body as PlanBody;
    expect(renamed).toMatchObject({ name: 'Team plus', monthlyPrice: 5_900, monthlyGross: 7_080, seatsIncluded: 3 });

    await t.http().patch(`/api/admin/plans/${team.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect(((await t.http().get('/api/plans').expect(200)).body as PlanBody[]).map((p) => p.name)).toEqual(['Free']);
    const all = (await t.http().get('/api/admin/plans').set(bearer(admin)).expect(200)).body as PlanBody[];
    expect(all.map((p) => [p.name, p.active])).toEqual([
      ['Free', true],
      ['Agency (private)', true],
      ['Team plus', false],
    ]);
    expect(all.find((p) => p.id === hidden.id)).toMatchObject({ isPublic: false });

    // Offered again.
    await t.http().patch(`/api/admin/plans/${team.id}`).set(bearer(admin)).send({ active: true }).expect(200);
    expect(((await t.http().get('/api/plans').expect(200)).body as PlanBody[]).map((p) => p.name)).toEqual(['Free', 'Team plus']);
  });

  it('refuses an invalid plan with a 4xx naming the field', async () => {
    const refuse = async (body: Record<string, unknown>, field: string, status = 400) => {
      const res = await t.http().post('/api/admin/plans').set(bearer(admin)).send(body).expect(status);
      expect(res.body).toMatchObject({ statusCode: status, details: [expect.objectContaining({ field })] });
    };
    await refuse({ ...TEAM, name: 'Blank', monthlyPrice: -1 }, 'monthlyPrice');
    await refuse({ ...TEAM, name: 'Blank', monthlyPrice: 10.5 }, 'monthlyPrice');
    await refuse({ ...TEAM, name: 'Blank', seatsIncluded: 0 }, 'seatsIncluded');
    await refuse({ ...TEAM, name: 'Blank', seatPrice: 'ten' }, 'seatPrice');
    await refuse({ ...TEAM, name: 'Blank', billingPeriod: 'weekly' }, 'billingPeriod');
    await refuse({ ...TEAM, name: '   ' }, 'name');
    await refuse({ ...TEAM, name: 'Blank', isPublic: 'yes' }, 'isPublic');
    await refuse({ ...TEAM, name: 'Blank', seats: 3 }, 'seats');
    await createPlan({ ...TEAM, name: 'Solo' });
    await refuse({ ...TEAM, name: 'Solo' }, 'name', 409);
    const free = ((await t.http().get('/api/plans').expect(200)).body as PlanBody[]).find((p) => p.isDefault)!;
    const paid = await t.http().patch(`/api/admin/plans/${free.id}`).set(bearer(admin)).send({ monthlyPrice: 100 }).expect(400);
    expect(paid.body.details).toEqual([{ field: 'monthlyPrice', messages: ['monthlyPrice of the free plan must be 0'] }]);
    await t.http().patch(`/api/admin/plans/${free.id}`).set(bearer(admin)).send({ name: 'Solo' }).expect(409);
  });

  it('deletes a plan nobody is on; one in use is retired instead (409 says so), and the free plan stays', async () => {
    const unused = await createPlan({ ...TEAM, name: 'Trial' });
    await t.http().delete(`/api/admin/plans/${unused.id}`).set(bearer(admin)).expect(204);
    await t.http().delete(`/api/admin/plans/${unused.id}`).set(bearer(admin)).expect(404);

    const used = await createPlan({ ...TEAM, name: 'Business' });
    const c = await registerClient(t);
    // Changing plan is a later slice; a client is put on it directly.
    await t.db.query('UPDATE client_subscriptions SET plan_id = $1 WHERE client_id = $2', [used.id, c.clientId]);
    const refused = await t.http().delete(`/api/admin/plans/${used.id}`).set(bearer(admin)).expect(409);
    expect(refused.body.message).toMatch(/Clients are on this plan, so it cannot be deleted; retire it instead/);
    const seats = await t.http().patch(`/api/admin/plans/${used.id}`).set(bearer(admin)).send({ seatsIncluded: 10 }).expect(409);
    expect(seats.body.details).toEqual([{ field: 'seatsIncluded', messages: ['seatsIncluded is fixed while clients are on the plan'] }]);
    await t.http().patch(`/api/admin/plans/${used.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    expect(await subscriptionOf(c.clientId)).toMatchObject({ plan_id: used.id });

    const free = ((await t.http().get('/api/admin/plans').set(bearer(admin)).expect(200)).body as PlanBody[]).find((p) => p.isDefault)!;
    await t.http().delete(`/api/admin/plans/${free.id}`).set(bearer(admin)).expect(409);
    await t.http().patch(`/api/admin/plans/${free.id}`).set(bearer(admin)).send({ active: false }).expect(409);
  });

  it('makes the seat limit follow the subscription: an admin’s limit comps the seats beyond the plan’s, with the reason logged', async () => {
    const c = await registerClient(t);
    const team = (
      await t
        .http()
        .patch(`/api/admin/clients/${c.clientId}/seat-limit`)
        .set(bearer(admin))
        .send({ seatLimit: 8, reason: 'Summer season' })
        .expect(200)
    ).body;
    expect(team).toMatchObject({ seatLimit: 8, seatsUsed: 1 });
    expect(await subscriptionOf(c.clientId)).toMatchObject({ comped_seats: 7 });
    expect(await activityOf(c.clientId, 'subscription.seats_comped')).toEqual([
      expect.objectContaining({
        before: { seatLimit: 5, compedSeats: 4 },
        after: { seatLimit: 8, compedSeats: 7, reason: 'Summer season' },
      }),
    ]);

    // On a plan with 3 seats, fewer than 3 is a plan change, not a comp.
    const three = await createPlan({ ...TEAM, name: 'Three seats' });
    await t.db.query('UPDATE client_subscriptions SET plan_id = $1 WHERE client_id = $2', [three.id, c.clientId]);
    const low = await t.http().patch(`/api/admin/clients/${c.clientId}/seat-limit`).set(bearer(admin)).send({ seatLimit: 2 }).expect(409);
    expect(low.body).toMatchObject({
      message: 'The Three seats plan gives 3 seats; fewer needs a plan change',
      details: [{ field: 'seatLimit' }],
    });
    await t.http().patch(`/api/admin/clients/${c.clientId}/seat-limit`).set(bearer(admin)).send({ seatLimit: 4 }).expect(200);
    expect(await subscriptionOf(c.clientId)).toMatchObject({ comped_seats: 1 });
    expect((await t.http().get('/api/subscription').set(bearer(c.token)).expect(200)).body).toMatchObject({ seatLimit: 4, compedSeats: 1 });
    expect((await t.http().get('/api/team').set(bearer(c.token)).expect(200)).body).toMatchObject({ seatLimit: 4 });
  });

  it('keeps plan administration to admins and the subscription to signed-in clients', async () => {
    const c = await registerClient(t);
    await t.http().get('/api/admin/plans').set(bearer(c.token)).expect(403);
    await t.http().post('/api/admin/plans').set(bearer(c.token)).send(TEAM).expect(403);
    await t.http().get(`/api/admin/clients/${c.clientId}/subscription`).set(bearer(c.token)).expect(403);
    await t.http().patch(`/api/admin/clients/${c.clientId}/seat-limit`).set(bearer(c.token)).send({ seatLimit: 50 }).expect(403);
    await t.http().get('/api/subscription').expect(401);
    await t.http().get('/api/subscription').set(bearer(admin)).expect(403);
  });
});
