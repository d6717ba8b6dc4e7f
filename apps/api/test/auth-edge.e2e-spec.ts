import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { PasswordResetLinks } from '../src/identity/password-reset-links';
import { bearer, createAdmin, refreshTokenOf, withRefreshCookie } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp, newUser } from './utils/test-app';

/**
 * Edges of sign-in that auth.e2e-spec.ts and password-reset.e2e-spec.ts leave open. Already covered
 * there, and not repeated here:
 * - a garbage signature, `alg: none` with an empty signature, an expired token and a deleted user's
 *   token → 401 on /api/auth/me (auth.e2e-spec.ts, "answers 401 without a token…", "…a user who was deleted");
 * - a rotated refresh token presented again ends the family, the newer token included
 *   (auth.e2e-spec.ts, "revokes the whole session when a rotated refresh token is reused");
 * - a reset link works once, and not after its hour (password-reset.e2e-spec.ts).
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT made by hand, so the header can say anything an attacker might send. */
function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | null): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const alg = String(header.alg);
  if (secret === null) return `${input}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

describe('auth edges: forged access tokens, refresh families and reset links', () => {
  let t: TestApp;
  let secret: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await TestApp.create({ env: { AUTH_RATE_LIMIT_PER_EMAIL: '20', AUTH_RATE_LIMIT_PER_IP: '200' } });
    secret = t.config.jwtSecret.reveal();
  });
  afterAll(async () => t.close());

  const me = (token: string) => t.http().get('/api/auth/me').set(bearer(token));
  const register = async () => {
    const body = newUser();
    const res = await t.http().post('/api/auth/register').send(body).expect(201);
    return { ...body, id: res.body.user.id as string, accessToken: res.body.accessToken as string, refreshToken: refreshTokenOf(res) };
  };

  it('answers 401 to a well-formed token signed with another secret, and to HS384/HS512 or none-variant headers', async () => {
    const user = await register();
    const claims = { sub: user.id, role: 'client', typ: 'access', iat: now(), exp: now() + 600 };
    await me(jwt({ alg: 'HS256', typ: 'JWT' }, claims, secret)).expect(200); // the control: our own signature is accepted

    const otherSecret = await me(jwt({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32).toString('hex'))).expect(401);
    expect(otherSecret.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'A valid access token is required' });
    // Only HS256 is accepted, even when the signature is made with the real secret.
    await me(jwt({ alg: 'HS384', typ: 'JWT' }, claims, secret)).expect(401);
    await me(jwt({ alg: 'HS512', typ: 'JWT' }, claims, secret)).expect(401);
    for (const alg of ['None', 'NONE', 'nOnE']) await me(jwt({ alg, typ: 'JWT' }, claims, null)).expect(401);
    // `none` in the header with a genuine HS256 signature left on.
    const [, payload, signature] = user.accessToken.split('.');
    await me(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`).expect(401);
    // The header swapped to HS512 on a genuine token (signature no longer matches the declared algorithm).
    await me(`${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`).expect(401);
  });

  it('answers 401 to a genuinely signed token that is not an access token, not valid yet, or names nobody', async () => {
    const user = await register();
    const base = { sub: user.id, role: 'client', iat: now(), exp: now() + 600 };
    const header = { alg: 'HS256', typ: 'JWT' };
    const refreshTyp = await me(jwt(header, { ...base, typ: 'refresh' }, secret)).expect(401);
    expect(refreshTyp.body.message).toBe('Not an access token');
    await me(jwt(header, base, secret)).expect(401); // no typ at all
    await me(jwt(header, { ...base, typ: 'access', nbf: now() + 300 }, secret)).expect(401);
    const nobody = await me(jwt(header, { ...base, typ: 'access', sub: randomUUID() }, secret)).expect(401);
    expect(nobody.body.message).toBe('The account no longer exists');
  });

  it('trusts the role in the database, not the token: a demoted admin and a client claiming admin get 403', async () => {
    const adminToken = await createAdmin(t);
    await t.http().get('/api/admin/overview').set(bearer(adminToken)).expect(200);
    const { sub } = JSON.parse(Buffer.from(adminToken.split('.')[1]!, 'base64url').toString()) as { sub: string };
    await t.db.query(`UPDATE users SET role = 'client' WHERE id = $1`, [sub]);
    await t.http().get('/api/admin/overview').set(bearer(adminToken)).expect(403);

    const client = await register();
    const claimsAdmin = jwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: client.id, role: 'admin', typ: 'access', iat: now(), exp: now() + 600 },
      secret,
    );
    await t.http().get('/api/admin/overview').set(bearer(claimsAdmin)).expect(403);
    expect((await me(claimsAdmin).expect(200)).body.role).toBe('client');
  });

  it('ends the family when a token two rotations old is replayed, and leaves the user’s other sessions alone', async () => {
    const user = await register();
    const other = refreshTokenOf(await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200));
    const second = refreshTokenOf(await withRefreshCookie(t, 'refresh', user.refreshToken).expect(200));
    const third = refreshTokenOf(await withRefreshCookie(t, 'refresh', second).expect(200));

    const replay = await withRefreshCookie(t, 'refresh', user.refreshToken).expect(401);
    expect(replay.body.message).toBe('The refresh token was already used; the session has been ended for safety');
    const newest = await withRefreshCookie(t, 'refresh', third).expect(401);
    expect(newest.body.message).toBe('The session has ended; log in again');
    await withRefreshCookie(t, 'refresh', second).expect(401);
    // The session from the separate login is another family: it still rotates.
    await withRefreshCookie(t, 'refresh', other).expect(200);
  });

  it('refuses an expired refresh token and the refresh token of a deleted user', async () => {
    const user = await register();
    await t.db.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    const expired = await withRefreshCookie(t, 'refresh', user.refreshToken).expect(401);
    expect(expired.body.message).toBe('The refresh token has expired; log in again');

    const gone = await register();
    await t.db.query('DELETE FROM users WHERE id = $1', [gone.id]);
    await withRefreshCookie(t, 'refresh', gone.refreshToken).expect(401);
  });

  async function resetLinkFor(email: string): Promise<string> {
    await t.http().post('/api/auth/forgot-password').send({ email }).expect(202);
    await waitForQueuesToDrain(t.queues());
    const mail = (await t.inbox.waitFor(email, 2)).find((m) => m.subject === 'Reset your LeadFlow password');
    const token = /reset-password\?token=([^\s]+)/.exec(mail?.text ?? '')?.[1];
    if (!token) throw new Error(`no reset link in: ${mail?.text}`);
    return decodeURIComponent(token);
  }

  it('lets exactly one of two simultaneous uses of a reset link through', async () => {
    const user = await register();
    const token = await resetLinkFor(user.email);
    const answers = await Promise.all(
      ['first-new-pass-1', 'second-new-pass-2'].map((password) => t.http().post('/api/auth/reset-password').send({ token, password })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([204, 400]);
    const winner = answers[0]!.status === 204 ? 'first-new-pass-1' : 'second-new-pass-2';
    await t.http().post('/api/auth/login').send({ email: user.email, password: winner }).expect(200);
  });

  it('refuses a correctly signed reset link whose row does not exist', async () => {
    const token = t.app.get(PasswordResetLinks).tokenFor(randomUUID());
    const res = await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(400);
    expect(res.body.message).toMatch(/invalid, already used or expired/);
  });
});
