import { upsertUser } from '../src/bin/upsert-user';
import { bearer, registerClient } from './utils/actors';
import { TestApp, newUser } from './utils/test-app';

/** The HTML entities the sandbox's consent page escapes in its hidden inputs. */
const unescapeHtml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

type Person = { person: 'grace' | 'ursula' } | { email: string; given?: string; family?: string; verified?: boolean };

interface Started {
  authorizeUrl: string;
  /** The binding cookie the start answer set, as the browser would send it back. */
  cookie: string;
}

/** The browser's side of a Google sign-in against the app `app()`: start, the consent page, the callback. */
function googleFlows(app: () => TestApp) {
  async function start(body: Record<string, unknown> = {}, token?: string): Promise<Started> {
    const req = token
      ? app().http().post('/api/account/sign-in-methods/google/link').set(bearer(token))
      : app().http().post('/api/auth/oidc/google/start').send(body);
    const res = await req.expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('leadflow_oidc='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
    return { authorizeUrl: res.body.authorizeUrl as string, cookie: cookie!.split(';')[0]! };
  }

  /** The provider's consent page, answered as the person would; returns where it sends the browser back. */
  async function consent(authorizeUrl: string, who: Person): Promise<URL> {
    const url = new URL(authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe('http://app.test/auth/callback/google');
    const html = await (await fetch(authorizeUrl)).text();
    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      form.set(name!, unescapeHtml(value!));
    if ('person' in who) {
      const label = who.person === 'grace' ? 'grace.hopper@example.com' : 'ursula.unverified@example.com';
      const sub = new RegExp(`name="person" value="(\\d+)"[^>]*>[^<]*${label.replace('.', '\\.')}`).exec(html)?.[1];
      form.set('person', sub!);
    } else {
      form.set('person', 'custom');
      form.set('email', who.email);
      form.set('given_name', who.given ?? 'Ada');
      form.set('family_name', who.family ?? 'Lovelace');
      if (who.verified !== false) form.set('email_verified', 'true');
    }
    const answer = await fetch(`${app().sandbox.oidc.issuer}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    expect(answer.status).toBe(302);
    return new URL(answer.headers.get('location')!);
  }

  const callback = (back: URL, cookie: string | null) => {
    const req = app().http().post('/api/auth/oidc/google/callback');
    if (cookie) req.set('Cookie', cookie);
    return req.send({ code: back.searchParams.get('code'), state: back.searchParams.get('state') });
  };

  async function googleSignIn(who: Person, body: Record<string, unknown> = {}) {
    const started = await start(body);
    return callback(await consent(started.authorizeUrl, who), started.cookie);
  }

  return { start, consent, callback, googleSignIn };
}

describe('sign-in with Google (OpenID Connect)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ env: { AUTH_RATE_LIMIT_PER_IP: '500', AUTH_RATE_LIMIT_PER_EMAIL: '500' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const { start, consent, callback, googleSignIn } = googleFlows(() => t);

  /** A sign-in the API answers with 200: its body. */
  async function googleOk(who: Person, body: Record<string, unknown> = {}) {
    const res = await googleSignIn(who, body);
    expect(res.status).toBe(200);
    return res.body;
  }

  const fault = (kind: string) =>
    fetch(`${t.sandbox.url}/_sandbox/oidc/next-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fault: kind }),
    });

  const usersWith = async (email: string) => (await t.db.query(`SELECT id FROM users WHERE email = $1`, [email])).length as number;
  const identitiesOf = async (email: string) =>
    (await t.db.query(`SELECT i.provider, i.email FROM user_identities i JOIN users u ON u.id = i.user_id WHERE u.email = $1`, [
      email,
    ])) as Array<{
      provider: string;
      email: string;
    }>;

  it('lists Google as a way to sign in', async () => {
    expect((await t.http().get('/api/auth/oidc/providers').expect(200)).body).toEqual([{ id: 'google', label: 'Google' }]);
  });

  it('signs a new person up with Google (name from the ID token, no password) and back in with it', async () => {
    const email = newUser().email;
    const first = await googleOk({ email, given: 'Grace', family: 'Brewster' }, { next: '/billing' });
    expect(first).toMatchObject({
      status: 'sign_up_required',
      provider: 'google',
      providerLabel: 'Google',
      email,
      firstName: 'Grace',
      lastName: 'Brewster',
      next: '/billing',
    });
    expect(await usersWith(email)).toBe(0);

    const bad = await t
      .http()
      .post('/api/auth/oidc/sign-up')
      .send({ token: first.token, firstName: 'Grace', lastName: 'Brewster', phone: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('phone');
    const signedUp = await t
      .http()
      .post('/api/auth/oidc/sign-up')
      .send({ token: first.token, firstName: 'Grace', lastName: 'Brewster', phone: '+44 7700 900123' })
      .expect(201);
    expect(signedUp.body.user).toMatchObject({ email, firstName: 'Grace', role: 'client', clientRole: 'owner' });
    expect(signedUp.body.user.client.onboardingStep).toBe('business_details');
    expect(String(signedUp.headers['set-cookie'])).toContain('leadflow_refresh=');
    const [row] = await t.db.query(`SELECT password_hash FROM users WHERE email = $1`, [email]);
    expect(row.password_hash).toBeNull();
    expect(await identitiesOf(email)).toEqual([{ provider: 'google', email }]);
    // The sign-up token works once.
    await t
      .http()
      .post('/api/auth/oidc/sign-up')
      .send({ token: first.token, firstName: 'G', lastName: 'B', phone: '+44 7700 900123' })
      .expect(400);

    const again = await googleSignIn({ email });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'signed_in', session: { tokenType: 'Bearer', user: { email } } });
    expect(String(again.headers['set-cookie'])).toContain('leadflow_refresh=');
    const me = await t.http().get('/api/auth/me').set(bearer(again.body.session.accessToken)).expect(200);
    expect(me.body.email).toBe(email);
    // No password: the password form cannot get in.
    await t.http().post('/api/auth/login').send({ email, password: 'anything-1234' }).expect(401);
    const log = await t.db.query(`SELECT action FROM activity_log WHERE actor_user_id = $1`, [signedUp.body.user.id]);
    expect(log.map((r: { action: string }) => r.action)).toContain('auth.signed_up_with_provider');
  });

  it('links Google to an existing password account only after its password proves it; then both ways work', async () => {
    const owner = await registerClient(t);
    const answer = await googleOk({ email: owner.email });
    expect(answer).toMatchObject({ status: 'link_required', email: owner.email });
    expect(answer.session).toBeUndefined();
    expect(await identitiesOf(owner.email)).toEqual([]);

    // Someone else's password cannot use the step, and a wrong password links nothing.
    const other = await registerClient(t);
    const stranger = await t
      .http()
      .post('/api/auth/login')
      .send({ email: other.email, password: other.password, providerToken: answer.token });
    expect(stranger.status).toBe(400);
    expect(stranger.body.message).toBe('This sign-in step is for another account');
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: owner.email, password: 'wrong-password-1', providerToken: answer.token })
      .expect(401);
    expect(await identitiesOf(owner.email)).toEqual([]);

    await t.http().post('/api/auth/login').send({ email: owner.email, password: owner.password, providerToken: answer.token }).expect(200);
    expect(await identitiesOf(owner.email)).toEqual([{ provider: 'google', email: owner.email }]);
    // The step is used up.
    await t.http().post('/api/auth/login').send({ email: owner.email, password: owner.password, providerToken: answer.token }).expect(400);

    expect((await googleOk({ email: owner.email })).status).toBe('signed_in');
    await t.http().post('/api/auth/login').send({ email: owner.email, password: owner.password }).expect(200);
  });

  it('refuses an unverified email, a wrong nonce, an expired or wrongly signed ID token, a replayed state and a foreign browser: nothing created', async () => {
    const email = newUser().email;
    const unverified = await googleSignIn({ email, verified: false });
    expect(unverified.status).toBe(403);
    expect(unverified.body.message).toMatch(/^Google has not verified the email address of this Google account/);
    const ursula = await googleSignIn({ person: 'ursula' });
    expect(ursula.status).toBe(403);

    const cases: Array<[string, RegExp]> = [
      ['wrong-nonce', /the answer was not for this sign-in/],
      ['expired', /the sign-in token has expired/],
      ['bad-signature', /signature is not valid/],
      ['wrong-audience', /issued to another application/],
      ['wrong-issuer', /came from another issuer/],
    ];
    for (const [kind, message] of cases) {
      expect((await fault(kind)).ok).toBe(true);
      const res = await googleSignIn({ email });
      expect([kind, res.status]).toEqual([kind, 401]);
      expect(res.body.message).toMatch(message);
    }

    const started = await start();
    const back = await consent(started.authorizeUrl, { email });
    // From another browser (no binding cookie): refused, and the state is spent.
    const foreign = await callback(back, null);
    expect(foreign.status).toBe(400);
    expect(foreign.body.message).toMatch(/started in another browser/);
    const replay = await callback(back, started.cookie);
    expect(replay.status).toBe(400);
    expect(replay.body.message).toBe('This sign-in has expired or was already used. Please start again.');

    const fine = await start();
    const ok = await consent(fine.authorizeUrl, { email });
    expect((await callback(ok, fine.cookie).expect(200)).body.status).toBe('sign_up_required');
    expect((await callback(ok, fine.cookie)).status).toBe(400);

    expect(await usersWith(email)).toBe(0);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM user_identities WHERE email = $1`, [email]))[0].n).toBe(0);
    await t.http().post('/api/auth/oidc/microsoft/start').send({}).expect(404);
    // `next` is a page of the app, never another site.
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example']) {
      const refused = await t.http().post('/api/auth/oidc/google/start').send({ next }).expect(400);
      expect(refused.body.details[0].field).toBe('next');
    }
    const missing = await t.http().post('/api/auth/oidc/google/callback').send({ state: 'x' }).expect(400);
    expect(missing.body.details[0].field).toBe('code');
  });

  it('follows the provider when it rotates its signing key (the new key is fetched from its JWKS)', async () => {
    const email = newUser().email;
    expect((await googleOk({ email })).status).toBe('sign_up_required');
    const rotated = (await (await fetch(`${t.sandbox.url}/_sandbox/oidc/rotate-keys`, { method: 'POST' })).json()) as { kid: string };
    expect(rotated.kid).toBeTruthy();
    expect((await googleOk({ email })).status).toBe('sign_up_required');
  });

  it('lets a team invite be accepted with Google for the invited email (and only that one)', async () => {
    const owner = await registerClient(t);
    const person = newUser();
    const invite = (
      await t.http().post('/api/team/invites').set(bearer(owner.token)).send({ email: person.email, role: 'member' }).expect(201)
    ).body as { url: string };
    const teamInviteToken = new URL(invite.url).searchParams.get('team')!;

    const wrong = await googleOk({ email: newUser().email }, { teamInviteToken });
    const refused = await t
      .http()
      .post('/api/auth/oidc/sign-up')
      .send({ token: wrong.token, firstName: 'A', lastName: 'B', phone: '+44 7700 900123' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('teamInviteToken was issued for another email address');

    const right = await googleOk({ email: person.email }, { teamInviteToken });
    expect(right.status).toBe('sign_up_required');
    const joined = await t
      .http()
      .post('/api/auth/oidc/sign-up')
      .send({ token: right.token, firstName: right.firstName, lastName: right.lastName, phone: '+44 7700 900123' })
      .expect(201);
    expect(joined.body.user).toMatchObject({ email: person.email, clientRole: 'member', client: { id: owner.clientId } });
  });

  it('shows, links and unlinks sign-in methods; never the last one; a Google-only account sets a password', async () => {
    const email = newUser().email;
    const up = await googleOk({ email });
    const session = (
      await t
        .http()
        .post('/api/auth/oidc/sign-up')
        .send({ token: up.token, firstName: 'Ada', lastName: 'L', phone: '+44 7700 900123' })
        .expect(201)
    ).body;
    const token = session.accessToken as string;
    const methods = (await t.http().get('/api/account/sign-in-methods').set(bearer(token)).expect(200)).body;
    expect(methods).toMatchObject({
      hasPassword: false,
      linked: [{ provider: 'google', label: 'Google', email }],
      available: [],
      required: null,
    });

    const last = await t.http().delete('/api/account/sign-in-methods/google').set(bearer(token)).expect(409);
    expect(last.body.message).toBe('Google is how you sign in: set a password first, then unlink it');
    await t.http().put('/api/account/password').set(bearer(token)).send({ newPassword: 'short' }).expect(400);
    await t.http().put('/api/account/password').set(bearer(token)).send({ newPassword: 'a-new-password-42' }).expect(204);
    // Now it has one: changing it needs the current one.
    const noCurrent = await t.http().put('/api/account/password').set(bearer(token)).send({ newPassword: 'another-pass-42' }).expect(400);
    expect(noCurrent.body.details[0].field).toBe('currentPassword');
    await t.http().delete('/api/account/sign-in-methods/google').set(bearer(token)).expect(204);
    expect(await identitiesOf(email)).toEqual([]);
    await t.http().post('/api/auth/login').send({ email, password: 'a-new-password-42' }).expect(200);

    // Link it again from settings: the callback answers `linked`.
    const started = await start({}, token);
    const back = await consent(started.authorizeUrl, { email: `other.${email}` });
    const linked = (await callback(back, started.cookie).expect(200)).body;
    expect(linked).toMatchObject({ status: 'linked', email: `other.${email}` });
    expect((await t.http().get('/api/account/sign-in-methods').set(bearer(token)).expect(200)).body.linked).toHaveLength(1);
    const actions = (
      await t.db.query(`SELECT action FROM activity_log WHERE actor_user_id = $1 ORDER BY created_at`, [session.user.id])
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['auth.signed_up_with_provider', 'auth.password_set', 'auth.provider_unlinked', 'auth.provider_linked']);
  });

  it('keeps admins on their password by default: Google alone never signs an admin in', async () => {
    const admin = newUser();
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const login = (await t.http().post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200)).body;
    const started = await start({}, login.accessToken);
    await callback(await consent(started.authorizeUrl, { email: admin.email }), started.cookie).expect(200);
    const res = await googleSignIn({ email: admin.email });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('Administrators sign in with their password, not with Google');
  });
});

describe('admins with ADMIN_SIGN_IN=password+google', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ env: { ADMIN_SIGN_IN: 'password+google' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('need Google and then their password once Google is linked, and cannot unlink it', async () => {
    const { start, consent, callback } = googleFlows(() => t);
    const admin = newUser();
    await upsertUser(t.db, { ...admin, role: 'admin' });
    const who = { email: admin.email, given: 'Ada', family: 'Admin' };
    // Not linked yet: the password alone lets them in to link it.
    const first = (await t.http().post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200)).body;
    const link = await start({}, first.accessToken);
    expect((await callback(await consent(link.authorizeUrl, who), link.cookie).expect(200)).body.status).toBe('linked');

    const alone = await t.http().post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(401);
    expect(alone.body.message).toBe('Administrators sign in with Google and their password: choose "Continue with Google" first');
    const required = (await t.http().get('/api/account/sign-in-methods').set(bearer(first.accessToken)).expect(200)).body.required;
    expect(required).toBe('google');
    await t.http().delete('/api/account/sign-in-methods/google').set(bearer(first.accessToken)).expect(409);

    const started = await start();
    const step = (await callback(await consent(started.authorizeUrl, who), started.cookie).expect(200)).body;
    expect(step).toMatchObject({ status: 'password_required', email: admin.email });
    expect(step.session).toBeUndefined();
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: admin.email, password: 'wrong-password-9', providerToken: step.token })
      .expect(401);
    const both = await t
      .http()
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password, providerToken: step.token })
      .expect(200);
    expect(both.body.user.role).toBe('admin');
  });
});
