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
    await t.http().post('/api/auth/refresh').send({ refreshToken: reg.body.refreshToken }).expect(401);

    const again = await t.http().post('/api/auth/reset-password').send({ token, password: 'third-pass-word-8' }).expect(400);
    expect(again.body.message).toMatch(/invalid, already used or expired/);
  });

  it('refuses a link after its hour has passed', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const token = await requestReset(body.email, 2);
    // The link was issued 61 minutes ago.
    await t.db.query(`UPDATE password_reset_tokens SET created_at = now() - interval '61 minutes', expires_at = now() - interval '1 minute' WHERE id = $1`, [token.split('.')[0]]);
    await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(400);
    await t.http().post('/api/auth/login').send({ email: body.email, password: body.password }).expect(200);
  });

  it('refuses a forged or tampered token and a weak new password', async () => {
    const body = newUser();
    await t.http().post('/api/auth/register').send(body).expect(201);
    const token = await requestReset(body.email, 2);
    await t.http().post('/api/auth/reset-password').send({ token: `${token}x`, password: 'brand-new-pass-7' }).expect(400);
    await t.http().post('/api/auth/reset-password').send({ token: `00000000-0000-4000-8000-000000000000.${token.split('.')[1]}`, password: 'brand-new-pass-7' }).expect(400);
    const weak = await t.http().post('/api/auth/reset-password').send({ token, password: 'weak' }).expect(400);
    expect(weak.body.details[0].field).toBe('password');
    // The genuine token still works after those failures.
    await t.http().post('/api/auth/reset-password').send({ token, password: 'brand-new-pass-7' }).expect(204);
  });
});
