import { bearer, connectXero, createAdmin, createIndustry, onboardBillable, registerClient, type IndustryBody } from './utils/actors';
import { newUser, TestApp } from './utils/test-app';

describe('team seats, member limits and client API keys', () => {
  let t: TestApp;
  let admin: string;
  let industry: IndustryBody;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await createAdmin(t);
    industry = await createIndustry(t, admin);
    await connectXero(t, admin);
  });
  afterAll(async () => t.close());

  async function join(ownerToken: string, role: 'owner' | 'member') {
    const person = newUser();
    const invite = (
      await t.http().post('/api/team/invites').set(bearer(ownerToken)).send({ email: person.email.toUpperCase(), role }).expect(201)
    ).body;
    expect(invite).toMatchObject({ email: person.email, role, url: expect.stringMatching(/^http:\/\/app\.test\/register\?team=/) });
    const mail = (await t.inbox.waitFor(person.email))[0]!;
    expect(mail.text).toContain(invite.url);
    const token = new URL(invite.url).searchParams.get('team')!;
    const reg = (
      await t
        .http()
        .post('/api/auth/register')
        .send({ ...person, teamInviteToken: token })
        .expect(201)
    ).body;
    expect(reg.user).toMatchObject({ clientRole: role });
    await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser({ email: `x${person.email}` }), teamInviteToken: token })
      .expect(400);
    return { token: reg.accessToken as string, id: reg.user.id as string, email: person.email };
  }

  it('lets a member read but not change billing, the team or keys, and not delete endpoints (403)', async () => {
    const owner = await onboardBillable(t, industry.id);
    const member = await join(owner.token, 'member');
    const team = (await t.http().get('/api/team').set(bearer(member.token)).expect(200)).body;
    expect(team.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [member.email, 'member'],
    ]);
    await t.http().get('/api/billing').set(bearer(member.token)).expect(200);
    const denied = await t
      .http()
      .post('/api/billing/top-ups')
      .set(bearer(member.token))
      .set('Idempotency-Key', 'k1')
      .send({ amount: 2_000 })
      .expect(403);
    expect(denied.body.message).toMatch(/owner/);
    await t
      .http()
      .put('/api/billing/auto-charge')
      .set(bearer(member.token))
      .send({ enabled: true, threshold: 1_000, amount: 5_000 })
      .expect(403);
    await t.http().post('/api/team/invites').set(bearer(member.token)).send({ email: 'z@example.co.uk', role: 'member' }).expect(403);
    await t
      .http()
      .post('/api/api-keys')
      .set(bearer(member.token))
      .send({ name: 'x', scopes: ['leads:read'] })
      .expect(403);
    const ep = (
      await t
        .http()
        .post('/api/webhook-endpoints')
        .set(bearer(member.token))
        .send({ url: 'http://127.0.0.1:9/h', eventTypes: ['lead.send_data'] })
        .expect(201)
    ).body.endpoint;
    await t.http().delete(`/api/webhook-endpoints/${ep.id}`).set(bearer(member.token)).expect(403);
    await t.http().delete(`/api/webhook-endpoints/${ep.id}`).set(bearer(owner.token)).expect(204);
    // Promoted, the member may; the last owner cannot step down.
    await t.http().put(`/api/team/members/${member.id}/role`).set(bearer(owner.token)).send({ role: 'owner' }).expect(200);
    await t
      .http()
      .put('/api/billing/auto-charge')
      .set(bearer(member.token))
      .send({ enabled: false, threshold: 1_000, amount: 5_000 })
      .expect(200);
    await t.http().delete(`/api/team/members/${owner.userId}`).set(bearer(member.token)).expect(200);
    const alone = await t.http().put(`/api/team/members/${member.id}/role`).set(bearer(member.token)).send({ role: 'member' }).expect(400);
    expect(alone.body.message).toBe('An account needs at least one owner: make someone else an owner first');
    await t.http().get('/api/team').set(bearer(owner.token)).expect(401);
  });

  it('holds the seat limit, counting pending invites, and an admin can raise it', async () => {
    const owner = await onboardBillable(t, industry.id);
    await t.http().patch(`/api/admin/clients/${owner.clientId}/seat-limit`).set(bearer(admin)).send({ seatLimit: 2 }).expect(200);
    const first = (
      await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: newUser().email, role: 'member' }).expect(201)
    ).body;
    const full = await t
      .http()
      .post('/api/team/invites')
      .set(bearer(owner.token))
      .send({ email: newUser().email, role: 'member' })
      .expect(409);
    expect(full.body.message).toMatch(/^All 2 seats are taken/);
    await t.http().delete(`/api/team/invites/${first.id}`).set(bearer(owner.token)).expect(204);
    await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: newUser().email, role: 'member' }).expect(201);
    await t.http().patch(`/api/admin/clients/${owner.clientId}/seat-limit`).set(bearer(admin)).send({ seatLimit: 3 }).expect(200);
    const team = (
      await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: newUser().email, role: 'owner' }).expect(201)
    ).body;
    expect(team.role).toBe('owner');
    expect((await t.http().get('/api/team').set(bearer(owner.token)).expect(200)).body).toMatchObject({ seatLimit: 3, seatsUsed: 3 });
    const bad = await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: 'nope', role: 'boss' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'role']);
  });

  it('answers an invite the same whether or not the email has a LeadFlow account elsewhere', async () => {
    const owner = await onboardBillable(t, industry.id);
    await t.http().patch(`/api/admin/clients/${owner.clientId}/seat-limit`).set(bearer(admin)).send({ seatLimit: 3 }).expect(200);
    const invite = (email: string) => t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email, role: 'member' });
    const shape = (body: Record<string, unknown>) => ({ ...body, id: 'id', email: 'email', url: 'url', expiresAt: 'at', createdAt: 'at' });

    // A free seat: both are invited.
    const hasAccount = (await registerClient(t)).email;
    const withAccount = await invite(hasAccount).expect(201);
    const withoutAccount = await invite(newUser().email).expect(201);
    expect(shape(withAccount.body)).toEqual(shape(withoutAccount.body));

    // Seats full (the owner and two invites): the same 409, word for word.
    const full = [await invite((await registerClient(t)).email).expect(409), await invite(newUser().email).expect(409)];
    expect(full[0]!.body).toEqual({ statusCode: 409, error: 'Conflict', message: expect.stringMatching(/^All 3 seats are taken/) });
    expect(full[0]!.body).toEqual(full[1]!.body);

    // The address's owner learns at sign-up that the link cannot make a second account for it.
    const token = new URL(withAccount.body.url as string).searchParams.get('team')!;
    await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser({ email: hasAccount }), teamInviteToken: token })
      .expect(409);
  });

  it('accepts API keys by scope: leads:read lists leads but cannot report (403); a revoked key gets 401', async () => {
    const owner = await onboardBillable(t, industry.id);
    const created = (
      await t
        .http()
        .post('/api/api-keys')
        .set(bearer(owner.token))
        .send({ name: 'CRM sync', scopes: ['leads:read'] })
        .expect(201)
    ).body;
    expect(created.key).toMatch(/^lf_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({
      name: 'CRM sync',
      prefix: created.key.slice(0, 10),
      scopes: ['leads:read'],
      lastUsedAt: null,
      revokedAt: null,
    });
    const asKey = bearer(created.key);
    expect((await t.http().get('/api/leads').set(asKey).expect(200)).body.meta.total).toBe(0);
    const report = await t
      .http()
      .post('/api/leads/00000000-0000-4000-8000-000000000000/report')
      .set(asKey)
      .send({ reason: 'fake' })
      .expect(403);
    expect(report.body.message).toBe('This API key lacks the leads:report scope');
    const other = await t.http().get('/api/billing').set(asKey).expect(403);
    expect(other.body.message).toMatch(/API keys cannot be used for this route/);
    await t.http().get('/api/webhook-endpoints').set(asKey).expect(403);
    const listed = (await t.http().get('/api/api-keys').set(bearer(owner.token)).expect(200)).body;
    expect(listed[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const hooks = (
      await t
        .http()
        .post('/api/api-keys')
        .set(bearer(owner.token))
        .send({ name: 'Zapier', scopes: ['webhooks:manage'] })
        .expect(201)
    ).body;
    await t.http().get('/api/webhook-endpoints').set(bearer(hooks.key)).expect(200);
    await t.http().get('/api/leads').set(bearer(hooks.key)).expect(403);

    await t.http().post(`/api/api-keys/${created.apiKey.id}/revoke`).set(bearer(owner.token)).expect(200);
    const revoked = await t.http().get('/api/leads').set(asKey).expect(401);
    expect(revoked.body.message).toBe('The API key is not valid, or it has been revoked');
    await t.http().get('/api/leads').set(bearer('lf_not-a-real-key')).expect(401);
    const someoneElse = await onboardBillable(t, industry.id);
    await t.http().post(`/api/api-keys/${hooks.apiKey.id}/revoke`).set(bearer(someoneElse.token)).expect(404);
    await t
      .http()
      .post('/api/api-keys')
      .set(bearer(owner.token))
      .send({ name: '', scopes: ['leads:write'] })
      .expect(400);
  });
});

describe('the API rate limit per user and per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ worker: false, env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => t.close());

  it('counts each caller apart, says so in RateLimit-* headers, and answers 429 with Retry-After past the limit', async () => {
    const reg = (await t.http().post('/api/auth/register').send(newUser()).expect(201)).body;
    const other = (await t.http().post('/api/auth/register').send(newUser()).expect(201)).body;
    const seen: Array<[string, string]> = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http().get('/api/auth/me').set(bearer(reg.accessToken)).expect(200);
      seen.push([res.headers['ratelimit-limit'], res.headers['ratelimit-remaining']]);
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(res.headers['ratelimit-policy']).toBe('3;w=60');
    }
    expect(seen).toEqual([
      ['3', '2'],
      ['3', '1'],
      ['3', '0'],
    ]);
    const limited = await t.http().get('/api/auth/me').set(bearer(reg.accessToken)).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/^Too many requests: 3 a minute per user or API key; try again in \d+ s$/),
    });
    await t.http().get('/api/auth/me').set(bearer(other.accessToken)).expect(200);
  });
});
