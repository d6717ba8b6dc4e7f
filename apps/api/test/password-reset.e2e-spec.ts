import { randomUUID } from 'node:crypto';
import { PasswordHasher } from '../src/identity/password';
import { PasswordResetLinks } from '../src/identity/password-reset-links';
import { refreshTokenOf, withRefreshCookie } from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp, newUser } from './utils/test-app';

function linkToken(text: string): string {
  const match = /reset-password\?token=([^\s]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in: ${text}`);
  return decodeURIComponent(match[1]);
}

describe('password reset', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  async function requestReset(email: string, expected: number): Promise<string> {
    await t.http().post('/api/auth/forgot-password').send({ email }).expect(202);
    await waitForQueuesToDrain(t.queues());
    const mails = (await t.inbox.waitFor(email, expected)).filter((m) => m.subject === 'Reset your LeadFlow password');
    const last = mails[mails.length - 1];
    if (!last) throw new Error('no reset email');
    return linkToken(last.text);
  }

  it('answers 202 for an unknown email and sends nothing (no account enumeration)', async () => {
    const res = await t.http().post('/api/auth/forgot-password').send({ email: 'nobody-here@example.com' }).expect(202);
    expect(res.body.message).toMatch(/If an account exists/);
    await waitForQueuesToDrain(t.queues());
    expect(t.inbox.to('nobody-here@example.com')).toHaveLength(0);
  });

  it('sets a new password through the emailed link once, and signs the user out everywhere', async () => {
    const body = newUser();
    const reg = await t.http().post('/api/auth/register').send(body).expect(201);
    const token = await requestReset(body.email, 2); // welcome + reset

    await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(204);
    await t.http().post('/api/auth/login').send({ email: body.email, password: body.password }).expect(401);
    await t.http().post('/api/auth/login').send({ email: body.email, password: 'brand-new-pass-7' }).expect(200);
    // Sessions from before the reset are over.
    await withRefreshCookie(t, 'refresh', refreshTokenOf(reg)).expect(401);

    const again = await t.http().post('/api/auth/reset-password').send({ token, password: 'third-pass-word-8' }).expect(400);
    expect(again.body.message).toMatch(/invalid, already used or expired/);
  });

  it('refuses a link after its hour has passed', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const token = await requestReset(body.email, 2);
    // The link was issued 61 minutes ago.
    await t.db.query(
      `UPDATE password_reset_tokens SET created_at = now() - interval '61 minutes', expires_at = now() - interval '1 minute' WHERE id = $1`,
      [token.split('.')[0]],
    );
    await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(400);
    await t.http().post('/api/auth/login').send({ email: body.email, password: body.password }).expect(200);
  });

  it('refuses a forged or tampered token and a weak new password', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const token = await requestReset(body.email, 2);
    await t
      .http()
      .post('/api/auth/reset-password')
      .send({ token: `${token}x`, password: 'brand-new-pass-7' })
      .expect(400);
    await t
      .http()
      .post('/api/auth/reset-password')
      .send({ token: `00000000-0000-4000-8000-000000000000.${token.split('.')[1]}`, password: 'brand-new-pass-7' })
      .expect(400);
    const weak = await t.http().post('/api/auth/reset-password').send({ token, password: 'weak' }).expect(400);
    expect(weak.body.details[0].field).toBe('password');
    // The genuine token still works after those failures.
    await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(204);
  });

  it('refuses a used, expired or unknown link before hashing the new password, and leaves the stored hash alone', async () => {
    const body = newUser();
    const reg = await t.http().post('/api/auth/register').send(body).expect(201);
    const used = await requestReset(body.email, 2);
    await t.http().post('/api/auth/reset-password').send({ token: used, password: 'brand-new-pass-7' }).expect(204);
    const expired = await requestReset(body.email, 3);
    await t.db.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.split('.')[0]]);
    const unknown = t.app.get(PasswordResetLinks).tokenFor(randomUUID());
    const storedHash = async () =>
      ((await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [reg.body.user.id])) as Array<{ password_hash: string }>)[0]
        ?.password_hash;
    const before = await storedHash();

    const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
    try {
      for (const token of [used, expired, unknown]) {
        const res = await t.http().post('/api/auth/reset-password').send({ token, password: 'third-pass-word-8' }).expect(400);
        expect(res.body.message).toMatch(/invalid, already used or expired/);
      }
      expect(hash).not.toHaveBeenCalled();
      expect(await storedHash()).toBe(before);
      // A live link does reach the hasher: the spy is watching the one the route uses.
      const live = await requestReset(body.email, 4);
      await t.http().post('/api/auth/reset-password').send({ token: live, password: 'fourth-pass-word-9' }).expect(204);
      expect(hash).toHaveBeenCalledTimes(1);
      expect(await storedHash()).not.toBe(before);
    } finally {
      hash.mockRestore();
    }
  });
});

describe('password reset attempts are limited', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false, env: { AUTH_RATE_LIMIT_PER_IP: '4', AUTH_RATE_LIMIT_PER_EMAIL: '2' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past the limit per link, then past the limit per IP', async () => {
    const links = t.app.get(PasswordResetLinks);
    const [first, second, third] = [links.tokenFor(randomUUID()), links.tokenFor(randomUUID()), links.tokenFor(randomUUID())];
    const reset = (token: string) => t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' });
    await reset(first).expect(400);
    await reset(first).expect(400);
    const perLink = await reset(first).expect(429);
    expect(perLink.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(Number(perLink.headers['retry-after'])).toBeGreaterThan(0);
    // Another link is counted apart, until this IP has used its 4 attempts.
    await reset(second).expect(400);
    await reset(third).expect(429);
  });
});
