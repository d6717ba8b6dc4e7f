import { randomUUID } from 'node:crypto';
import { refreshTokenOf, withRefreshCookie } from './utils/actors';
import { TestApp, newUser } from './utils/test-app';

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ env: { AUTH_RATE_LIMIT_PER_EMAIL: '5', AUTH_RATE_LIMIT_PER_IP: '200' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers, logs in, reads me, refreshes and logs out', async () => {
    const body = newUser();
    const reg = await t.http().post('/api/auth/register').send(body).expect(201);
    expect(reg.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: {
        email: body.email,
        role: 'client',
        clientRole: 'owner',
        client: { status: 'onboarding', onboardingStep: 'business_details' },
      },
    });
    expect(reg.body.user).not.toHaveProperty('passwordHash');

    const login = await t.http().post('/api/auth/login').send({ email: body.email.toUpperCase(), password: body.password }).expect(200);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ email: body.email, firstName: 'Ada', lastName: 'Lovelace', role: 'client' });

    const refreshed = await withRefreshCookie(t, 'refresh', refreshTokenOf(login)).expect(200);
    expect(refreshTokenOf(refreshed)).not.toEqual(refreshTokenOf(login));
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    await withRefreshCookie(t, 'logout', refreshTokenOf(refreshed)).expect(204);
    const after = await withRefreshCookie(t, 'refresh', refreshTokenOf(refreshed)).expect(401);
    expect(after.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/session has ended/) });
  });

  it('revokes the whole session when a rotated refresh token is reused', async () => {
    const reg = await t.http().post('/api/auth/register').send(newUser()).expect(201);
    const first = refreshTokenOf(reg);
    const second = refreshTokenOf(await withRefreshCookie(t, 'refresh', first).expect(200));
    await withRefreshCookie(t, 'refresh', first).expect(401);
    // The thief's reuse ended the family: the legitimate newer token no longer works either.
    await withRefreshCookie(t, 'refresh', second).expect(401);
  });

  it('answers 409 for a duplicate email, whatever its case', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const dup = await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), email: body.email.toUpperCase() })
      .expect(409);
    expect(dup.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'An account with this email already exists' });
  });

  it('answers 400 naming the field for a weak password, a bad email or an unknown field', async () => {
    const weak = await t
      .http()
      .post('/api/auth/register')
      .send(newUser({ password: 'short' }))
      .expect(400);
    expect(weak.body.details).toEqual([{ field: 'password', messages: [expect.stringMatching(/password must be 10–128 characters/)] }]);

    const badEmail = await t
      .http()
      .post('/api/auth/register')
      .send(newUser({ email: 'not-an-email' }))
      .expect(400);
    expect(badEmail.body.details.map((d: { field: string }) => d.field)).toEqual(['email']);

    const extra = await t
      .http()
      .post('/api/auth/register')
      .send({ ...newUser(), isAdmin: true })
      .expect(400);
    expect(extra.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      details: [{ field: 'isAdmin', messages: ['property isAdmin should not exist'] }],
    });

    const missing = await t.http().post('/api/auth/register').send({}).expect(400);
    expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'firstName',
      'lastName',
      'password',
      'phone',
    ]);
  });

  it('answers 400 for malformed JSON with the common error shape', async () => {
    const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) });
  });

  it('answers 401 for a wrong password and for an unknown email alike', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const wrong = await t.http().post('/api/auth/login').send({ email: body.email, password: 'wrong-password-1' }).expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: `nobody.${randomUUID()}@example.com`, password: 'whatever-123' })
      .expect(401);
    expect(wrong.body.message).toBe('Email or password is incorrect');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('answers 429 with Retry-After after too many logins for one email', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    for (let i = 0; i < 5; i += 1)
      await t.http().post('/api/auth/login').send({ email: body.email, password: 'wrong-password-1' }).expect(401);
    const limited = await t.http().post('/api/auth/login').send({ email: body.email, password: body.password }).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another email from the same IP is still served.
    const other = newUser();
    await t.http().post('/api/auth/register').send(other).expect(201);
    await t.http().post('/api/auth/login').send({ email: other.email, password: other.password }).expect(200);
  });

  it('answers 401 without a token, with a tampered token, and with an expired one', async () => {
    await t.http().get('/api/auth/me').expect(401);
    const reg = await t.http().post('/api/auth/register').send(newUser()).expect(201);
    const token = reg.body.accessToken as string;
    const [h, p] = token.split('.');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${h}.${p}.AAAA`).expect(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${none}`).expect(401);
    const { JwtService } = await import('@nestjs/jwt');
    const expired = await new JwtService({ secret: t.config.jwtSecret.reveal() }).signAsync(
      { sub: reg.body.user.id, role: 'client', typ: 'access' },
      { expiresIn: -10 },
    );
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.message).toBe('The access token has expired');
  });

  it('answers 401 for the token of a user who was deleted', async () => {
    const reg = await t.http().post('/api/auth/register').send(newUser()).expect(201);
    await t.db.query('DELETE FROM users WHERE id = $1', [reg.body.user.id]);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${reg.body.accessToken}`).expect(401);
  });
});
