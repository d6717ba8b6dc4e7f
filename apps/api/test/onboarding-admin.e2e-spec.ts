import {
  bearer,
  businessDetails,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  registerClient,
  sandboxState,
  waitForIntegrations,
  type IndustryBody,
} from './utils/actors';
import { TestApp, newUser } from './utils/test-app';

describe('non-billable clients, invites, industries and the Xero wait', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin, { name: 'Boilers' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('completes a non-billable sign-up from an invite without a card, never creating a Stripe customer, and closes billing', async () => {
    const invite = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201))
      .body as { token: string; url: string };
    expect(invite.url).toBe(`http://app.test/register?invite=${invite.token}`);
    const body = newUser();
    const reg = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...body, inviteToken: invite.token })
        .expect(201)
    ).body;
    expect(reg.user.client.billingMode).toBe('non_billable');
    const token = reg.accessToken as string;
    const clientId = reg.user.client.id as string;

    expect((await t.http().get('/api/onboarding').set(bearer(token)).expect(200)).body.steps).toEqual([
      'business_details',
      'lead_preferences',
    ]);
    await t.http().put('/api/onboarding/business-details').set(bearer(token)).send(businessDetails(industry.id)).expect(200);
    const done = (await t.http().put('/api/onboarding/lead-preferences').set(bearer(token)).send(leadPreferences()).expect(200)).body;
    expect(done).toMatchObject({ step: 'complete', status: 'active', card: null });

    await t.http().get('/api/account').set(bearer(token)).expect(200);
    const billing = await t.http().get('/api/billing/payment-methods').set(bearer(token)).expect(403);
    expect(billing.body.message).toBe('Credits and billing are not available on non-billable accounts');
    const card = await t.http().post('/api/onboarding/card/checkout-session').set(bearer(token)).expect(403);
    expect(card.body.message).toBe('Non-billable accounts have no card to add');

    const states = (await t.http().get('/api/onboarding').set(bearer(token)).expect(200)).body.integrations.map(
      (s: { kind: string }) => s.kind,
    );
    expect(states).toEqual(['leadbyte_buyer', 'xero_contact']);
    expect((await sandboxState(t)).stripe.customers.filter((c) => c.metadata.clientId === clientId)).toHaveLength(0);
    const events = await t.db.query(`SELECT type FROM outbox_events WHERE client_id = $1 AND type <> 'activity.recorded' ORDER BY seq`, [
      clientId,
    ]);
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'subscription.started',
      'business_details.submitted',
      'cms.buyer',
      'client.signed_up_non_billable',
    ]);
  });

  it('refuses a used, expired or someone else’s invite, naming the field', async () => {
    const invite = (
      await t
        .http()
        .post('/api/admin/invites')
        .set(bearer(admin))
        .send({ billingMode: 'non_billable', email: 'Only.Me@Example.com' })
        .expect(201)
    ).body as { token: string };
    const other = await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), inviteToken: invite.token })
      .expect(400);
    expect(other.body).toMatchObject({ message: 'inviteToken was issued for another email address', details: [{ field: 'inviteToken' }] });
    await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser({ email: 'only.me@example.com' }), inviteToken: invite.token })
      .expect(201);
    const again = await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), inviteToken: invite.token })
      .expect(400);
    expect(again.body.message).toBe('inviteToken has already been used');
    await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), inviteToken: 'made-up' })
      .expect(400);
    const stale = (await t.http().post('/api/admin/invites').set(bearer(admin)).send({ billingMode: 'non_billable' }).expect(201)).body as {
      token: string;
    };
    await t.db.query(`UPDATE client_invites SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL AND email IS NULL`);
    const expired = await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), inviteToken: stale.token })
      .expect(400);
    expect(expired.body.message).toBe('inviteToken has expired; ask for a new invite');
    // Nothing half-written: the refused registrations left no user behind.
    const users = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email NOT LIKE 'admin.%'`);
    expect(users[0].n).toBe(2);
  });

  it('lets an admin make a client non-billable mid-sign-up, which skips the card step', async () => {
    const c = await registerClient(t);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industry.id)).expect(200);
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
    expect((await t.http().get('/api/onboarding').set(bearer(c.token)).expect(200)).body.step).toBe('card');
    const changed = (
      await t
        .http()
        .patch(`/api/admin/clients/${c.clientId}/billing-mode`)
        .set(bearer(admin))
        .send({ billingMode: 'non_billable' })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({ billingMode: 'non_billable', step: 'complete', status: 'active' });
    await t
      .http()
      .patch(`/api/admin/clients/${c.clientId}/billing-mode`)
      .set(bearer(c.token))
      .send({ billingMode: 'billable' })
      .expect(403);
    const log = await t.db.query(
      `SELECT action, before, after FROM activity_log WHERE client_id = $1 AND action = 'billing_mode.changed'`,
      [c.clientId],
    );
    expect(log).toEqual([{ action: 'billing_mode.changed', before: { billingMode: 'billable' }, after: { billingMode: 'non_billable' } }]);
  });

  it('keeps Xero contacts waiting until Xero is connected, then creates them', async () => {
    const c = await registerClient(t);
    const details = businessDetails(industry.id);
    await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(details).expect(200);
    const deadline = Date.now() + 15_000;
    let xero: { status: string; lastError: string | null } | undefined;
    while (Date.now() < deadline && xero?.status !== 'waiting') {
      xero = (await t.http().get('/api/onboarding').set(bearer(c.token)).expect(200)).body.integrations.find(
        (s: { kind: string }) => s.kind === 'xero_contact',
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(xero).toMatchObject({ status: 'waiting', lastError: 'Waiting for an admin to connect Xero' });
    await connectXero(t, admin);
    await waitForIntegrations(t, c.token);
    expect((await sandboxState(t)).xero.contacts.filter((x) => x.Name === details.businessName)).toHaveLength(1);
  });

  it('manages industries: create, list, update, archive, and refuses deleting one in use', async () => {
    const created = (
      await t
        .http()
        .post('/api/admin/industries')
        .set(bearer(admin))
        .send({
          name: 'Conveyancing',
          leadCost: 4000,
          leadColumns: [{ key: 'property_value', label: 'Property value', type: 'number', required: true }],
        })
        .expect(201)
    ).body;
    expect(created).toMatchObject({ name: 'Conveyancing', leadCost: 4000, currency: 'GBP', archivedAt: null, clientCount: 0 });
    await t
      .http()
      .post('/api/admin/industries')
      .set(bearer(admin))
      .send({ name: ' conveyancing ', leadCost: 1, leadColumns: [] })
      .expect(409);
    const bad = await t
      .http()
      .post('/api/admin/industries')
      .set(bearer(admin))
      .send({ name: 'X', leadCost: -1, leadColumns: [{ key: 'Bad Key', label: '', type: 'colour', required: 'yes' }] })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'leadColumns.0.key',
      'leadColumns.0.label',
      'leadColumns.0.required',
      'leadColumns.0.type',
      'leadCost',
    ]);
    const select = await t
      .http()
      .post('/api/admin/industries')
      .set(bearer(admin))
      .send({ name: 'Windows', leadCost: 100, leadColumns: [{ key: 'frame', label: 'Frame', type: 'select', required: true }] })
      .expect(400);
    expect(select.body.details[0].field).toBe('leadColumns.0.options');

    const updated = (await t.http().patch(`/api/admin/industries/${created.id}`).set(bearer(admin)).send({ leadCost: 4500 }).expect(200))
      .body;
    expect(updated.leadCost).toBe(4500);

    const inUse = await t.http().delete(`/api/admin/industries/${industry.id}`).set(bearer(admin)).expect(409);
    expect(inUse.body.message).toMatch(/used by \d+ client\(s\); archive it instead/);
    await t.http().post(`/api/admin/industries/${industry.id}/archive`).set(bearer(admin)).expect(200);
    const choosable = (await t.http().get('/api/industries').set(bearer(admin)).expect(200)).body.map((i: { name: string }) => i.name);
    expect(choosable).not.toContain('Boilers');
    const c = await registerClient(t);
    const archived = await t
      .http()
      .put('/api/onboarding/business-details')
      .set(bearer(c.token))
      .send(businessDetails(industry.id))
      .expect(400);
    expect(archived.body.details[0].field).toBe('industryId');
    await t.http().post(`/api/admin/industries/${industry.id}/unarchive`).set(bearer(admin)).expect(200);

    await t.http().delete(`/api/admin/industries/${created.id}`).set(bearer(admin)).expect(204);
    await t.http().delete(`/api/admin/industries/${created.id}`).set(bearer(admin)).expect(404);
    await t.http().post('/api/admin/industries').set(bearer(c.token)).send({ name: 'Nope', leadCost: 1, leadColumns: [] }).expect(403);
  });
});
