import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { errors, generators, Issuer, type BaseClient, type CallbackParamsType, type TokenSet } from 'openid-client';
import type { RunningSandbox } from '../src';
import type { Person } from '../src/oidc/oidc-provider';
import type { RecordedRequest } from '../src/core/request-log';
import { control, rejectionOf, startTestSandbox, submitForm } from './helpers';

const CLIENT_ID = 'leadflow-web.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-sandbox-secret';
const REDIRECT = 'http://127.0.0.1:9/auth/google/callback';

interface Jwks {
  keys: (JsonWebKey & { kid: string; use: string; alg: string })[];
}

interface Attempt {
  url: string;
  codeVerifier: string;
  state: string;
  nonce: string;
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function kidOf(jwt: string): string {
  return (JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8')) as { kid: string }).kid;
}

/** Verifies an RS256 JWT against a published key set, by its kid. */
function verifiedBy(jwt: string, jwks: Jwks): boolean {
  const [header, payload, signature] = jwt.split('.');
  const jwk = jwks.keys.find((k) => k.kid === kidOf(jwt));
  if (!jwk) return false;
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

describe('OIDC provider emulator (Google stand-in, through openid-client)', () => {
  let sandbox: RunningSandbox;
  let people: Record<'grace' | 'alan' | 'ursula', Person>;
  let client: BaseClient;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ oidc: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    const { json } = await control<{ data: Person[] }>(sandbox, 'GET', '/oidc/people');
    const byEmail = (email: string): Person => json.data.find((p) => p.email === email) as Person;
    people = {
      grace: byEmail('grace.hopper@example.com'),
      alan: byEmail('alan.turing@example.com'),
      ursula: byEmail('ursula.unverified@example.com'),
    };
  });
  afterAll(() => sandbox.close());

  /** A relying party that has just discovered the issuer (openid-client caches the JWKS per Issuer). */
  async function relyingParty(metadata: Partial<{ client_id: string; token_endpoint_auth_method: 'client_secret_post' }> = {}) {
    const issuer = await Issuer.discover(sandbox.oidc.issuer);
    return new issuer.Client({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT],
      response_types: ['code'],
      ...metadata,
    });
  }

  beforeEach(async () => {
    client = await relyingParty();
  });

  function start(rp = client): Attempt {
    const codeVerifier = generators.codeVerifier();
    const state = generators.state();
    const nonce = generators.nonce();
    const url = rp.authorizationUrl({
      scope: 'openid email profile',
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, codeVerifier, state, nonce };
  }

  /** Loads the consent page and submits its form: every hidden input as given, plus the chosen button/fields. */
  async function consent(url: string, choice: Record<string, string>): Promise<{ status: number; location: string | null }> {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sign in with Google (LeadFlow sandbox)');
    const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1] ?? '';
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [unescapeHtml(m[1]), unescapeHtml(m[2])]),
    );
    return submitForm(new URL(action, url).toString(), { ...hidden, ...choice });
  }

  /** Authorize → consent → the parameters the browser brings back to the redirect URI. */
  async function authorize(choice: Record<string, string>, rp = client): Promise<{ attempt: Attempt; params: CallbackParamsType }> {
    const attempt = start(rp);
    const { status, location } = await consent(attempt.url, choice);
    expect(status).toBe(302);
    expect(location?.startsWith(`${REDIRECT}?`)).toBe(true);
    return { attempt, params: rp.callbackParams(location ?? '') };
  }

  function callback(attempt: Attempt, params: CallbackParamsType, rp = client): Promise<TokenSet> {
    return rp.callback(REDIRECT, params, { code_verifier: attempt.codeVerifier, state: attempt.state, nonce: attempt.nonce });
  }

  async function signIn(choice: Record<string, string>, rp = client): Promise<TokenSet> {
    const { attempt, params } = await authorize(choice, rp);
    return callback(attempt, params, rp);
  }

  async function jwks(): Promise<Jwks> {
    return (await (await fetch(`${sandbox.oidc.issuer}/jwks`)).json()) as Jwks;
  }

  it('publishes discovery metadata under the issuer and two signing keys', async () => {
    expect(sandbox.oidc.issuer).toBe(`${sandbox.url}/oidc`);
    const metadata = (await (await fetch(`${sandbox.oidc.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: sandbox.oidc.issuer,
      authorization_endpoint: `${sandbox.oidc.issuer}/authorize`,
      token_endpoint: `${sandbox.oidc.issuer}/token`,
      userinfo_endpoint: `${sandbox.oidc.issuer}/userinfo`,
      jwks_uri: `${sandbox.oidc.issuer}/jwks`,
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    const { keys } = await jwks();
    expect(keys).toHaveLength(2);
    for (const key of keys)
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(keys.some((k) => 'd' in k)).toBe(false);
  });

  it('signs Grace in with PKCE, state and nonce; the ID token and userinfo carry her claims', async () => {
    const tokens = await signIn({ person: people.grace.sub });
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid email profile' });
    expect(tokens.expires_in).toBeGreaterThan(3590);
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: sandbox.oidc.issuer,
      aud: CLIENT_ID,
      azp: CLIENT_ID,
      sub: people.grace.sub,
      email: 'grace.hopper@example.com',
      email_verified: true,
      name: 'Grace Hopper',
      given_name: 'Grace',
      family_name: 'Hopper',
    });
    expect(people.grace.sub).toMatch(/^\d{21}$/);
    expect(claims.exp - claims.iat).toBe(3600);
    expect((await jwks()).keys[0].kid).toBe(kidOf(tokens.id_token ?? ''));

    expect(await client.userinfo(tokens)).toEqual({
      sub: people.grace.sub,
      email: 'grace.hopper@example.com',
      email_verified: true,
      name: 'Grace Hopper',
      given_name: 'Grace',
      family_name: 'Hopper',
    });

    const { json } = await control<{ data: RecordedRequest[] }>(sandbox, 'GET', '/requests?pathPrefix=/oidc');
    expect(json.data.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /oidc/authorize', 'POST /oidc/authorize', 'POST /oidc/token', 'GET /oidc/userinfo']),
    );
  });

  it('authenticates the client with client_secret_post too, and keeps the secret out of the request log', async () => {
    const rp = await relyingParty({ token_endpoint_auth_method: 'client_secret_post' });
    const tokens = await signIn({ person: people.alan.sub }, rp);
    expect(tokens.claims()).toMatchObject({ sub: people.alan.sub, email: 'alan.turing@example.com' });
    const { json } = await control<{ data: RecordedRequest[] }>(sandbox, 'GET', '/requests?pathPrefix=/oidc/token');
    const bodies = JSON.stringify(json.data.map((r) => r.body));
    expect(bodies).toContain('"client_secret":"…"');
    expect(bodies).not.toContain(CLIENT_SECRET);
  });

  it("gives Ursula's token email_verified: false", async () => {
    const tokens = await signIn({ person: people.ursula.sub });
    expect(tokens.claims()).toMatchObject({ email: 'ursula.unverified@example.com', email_verified: false });
    expect(await client.userinfo(tokens)).toMatchObject({ email_verified: false });
  });

  it('gives someone else the same sub on every sign-in, whatever the case of the address', async () => {
    const first = await signIn({
      person: 'custom',
      email: 'Ada.Lovelace@example.com',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email_verified: 'true',
    });
    // The checkbox left unticked is simply absent from the form.
    const second = await signIn({ person: 'custom', email: 'ada.lovelace@example.com', given_name: 'Ada', family_name: 'Lovelace' });
    expect(first.claims()).toMatchObject({
      email: 'Ada.Lovelace@example.com',
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
    });
    expect(second.claims()).toMatchObject({ email_verified: false, family_name: 'Lovelace' });
    expect(first.claims().sub).toMatch(/^\d{21}$/);
    expect(second.claims().sub).toBe(first.claims().sub);
    expect(first.claims().sub).not.toBe(people.grace.sub);
  });

  it('refuses a code used a second time with invalid_grant', async () => {
    const { attempt, params } = await authorize({ person: people.grace.sub });
    await callback(attempt, params);
    const error = await rejectionOf(callback(attempt, params));
    expect(error).toBeInstanceOf(errors.OPError);
    expect((error as errors.OPError).error).toBe('invalid_grant');
  });

  it('refuses a code_verifier that does not match the code_challenge', async () => {
    const { attempt, params } = await authorize({ person: people.grace.sub });
    const error = await rejectionOf(callback({ ...attempt, codeVerifier: generators.codeVerifier() }, params));
    expect((error as errors.OPError).error).toBe('invalid_grant');
    expect((error as errors.OPError).error_description).toBe('Invalid code verifier.');
  });

  it('refuses a code after its five minutes, by the sandbox clock', async () => {
    const { attempt, params } = await authorize({ person: people.grace.sub });
    await control(sandbox, 'POST', '/clock', { offsetSeconds: 301 });
    try {
      expect(((await rejectionOf(callback(attempt, params))) as errors.OPError).error).toBe('invalid_grant');
    } finally {
      await control(sandbox, 'POST', '/clock', { offsetSeconds: 0 });
    }
  });

  it.each([
    ['expired', /JWT expired/],
    ['bad-signature', /failed to validate JWT signature/],
    ['wrong-nonce', /nonce mismatch/],
    ['wrong-audience', /aud mismatch/],
    ['wrong-issuer', /unexpected iss value/],
  ])('makes the next ID token %s, once, and openid-client rejects it', async (fault, message) => {
    expect((await control(sandbox, 'POST', '/oidc/next-token', { fault })).json).toEqual({ fault });
    const error = await rejectionOf(signIn({ person: people.grace.sub }));
    expect(error).toBeInstanceOf(errors.RPError);
    expect((error as Error).message).toMatch(message);
    expect((await control(sandbox, 'GET', '/oidc/next-token')).json).toEqual({ fault: null });
    expect((await signIn({ person: people.grace.sub })).claims().sub).toBe(people.grace.sub);
  });

  it('clears an armed fault on DELETE and refuses an unknown one', async () => {
    await control(sandbox, 'POST', '/oidc/next-token', { fault: 'expired' });
    expect((await control(sandbox, 'DELETE', '/oidc/next-token')).json).toEqual({ fault: null });
    expect((await signIn({ person: people.alan.sub })).claims().sub).toBe(people.alan.sub);
    expect((await control(sandbox, 'POST', '/oidc/next-token', { fault: 'late' })).status).toBe(400);
  });

  it('rotates keys: the previous key stays published, new tokens carry the new kid, the one before is dropped', async () => {
    const before = (await signIn({ person: people.grace.sub })).id_token ?? '';
    const oldKid = kidOf(before);
    const { json: rotated } = await control<{ kid: string }>(sandbox, 'POST', '/oidc/rotate-keys');
    expect(rotated.kid).not.toBe(oldKid);

    const afterOne = await jwks();
    expect(afterOne.keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
    expect(verifiedBy(before, afterOne)).toBe(true);

    // A relying party that fetches the JWKS afresh verifies tokens under the new kid.
    const rp = await relyingParty();
    const after = (await signIn({ person: people.grace.sub }, rp)).id_token ?? '';
    expect(kidOf(after)).toBe(rotated.kid);

    const { json: again } = await control<{ kid: string }>(sandbox, 'POST', '/oidc/rotate-keys');
    const afterTwo = await jwks();
    expect(afterTwo.keys.map((k) => k.kid)).toEqual([again.kid, rotated.kid]);
    expect(verifiedBy(after, afterTwo)).toBe(true);
    expect(verifiedBy(before, afterTwo)).toBe(false);
  });

  it('refuses an authorization request without S256 PKCE or with a bad redirect_uri on a 400 page, never redirecting', async () => {
    const url = new URL(start().url);
    const variant = async (change: (p: URLSearchParams) => void): Promise<{ status: number; location: string | null; text: string }> => {
      const u = new URL(url);
      change(u.searchParams);
      const res = await fetch(u, { redirect: 'manual' });
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    };
    const missing = await variant((p) => {
      p.delete('code_challenge');
      p.delete('code_challenge_method');
    });
    expect(missing).toMatchObject({ status: 400, location: null });
    expect(missing.text).toContain('Missing required parameter: code_challenge');

    const plain = await variant((p) => p.set('code_challenge_method', 'plain'));
    expect(plain).toMatchObject({ status: 400, location: null });
    expect(plain.text).toContain('code_challenge_method must be');

    for (const redirect of ['javascript:alert(1)', 'not a url', '']) {
      const bad = await variant((p) => p.set('redirect_uri', redirect));
      expect(bad).toMatchObject({ status: 400, location: null });
      expect(bad.text).toContain('redirect_uri');
    }
    expect(await variant((p) => p.set('client_id', 'someone-else'))).toMatchObject({ status: 400, location: null });
    expect(await variant((p) => p.set('scope', 'email profile'))).toMatchObject({ status: 400, location: null });
  });

  it('sends a cancelled sign-in back with error=access_denied and the state', async () => {
    const attempt = start();
    const { status, location } = await consent(attempt.url, { decision: 'deny' });
    expect(status).toBe(302);
    const back = new URL(location ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(attempt.state);
    expect(back.searchParams.has('code')).toBe(false);
    const error = await rejectionOf(callback(attempt, client.callbackParams(location ?? '')));
    expect((error as errors.OPError).error).toBe('access_denied');
  });

  it('answers bad client credentials, unknown grants and bad bearer tokens in OAuth shape', async () => {
    const token = (authorization: string, form: Record<string, string>): Promise<Response> =>
      fetch(`${sandbox.oidc.issuer}/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    const basic = (secret: string): string => `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`;

    const wrongSecret = await token(basic('wrong'), {
      grant_type: 'authorization_code',
      code: 'x',
      redirect_uri: REDIRECT,
      code_verifier: 'v',
    });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });

    const refresh = await token(basic(CLIENT_SECRET), { grant_type: 'refresh_token', refresh_token: 'x' });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const noVerifier = await token(basic(CLIENT_SECRET), { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT });
    expect(noVerifier.status).toBe(400);
    expect(await noVerifier.json()).toMatchObject({ error: 'invalid_request' });

    const userinfo = await fetch(`${sandbox.oidc.issuer}/userinfo`, { headers: { authorization: 'Bearer ya29.nothing' } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('accepts any client id with a non-empty secret when no client is configured', async () => {
    const open = await startTestSandbox();
    try {
      const issuer = await Issuer.discover(open.oidc.issuer);
      const rp = new issuer.Client({
        client_id: 'any-client',
        client_secret: 'any-secret',
        redirect_uris: [REDIRECT],
        response_types: ['code'],
      });
      const attempt = start(rp);
      const { location } = await consent(attempt.url, { person: people.alan.sub });
      const tokens = await callback(attempt, rp.callbackParams(location ?? ''), rp);
      expect(tokens.claims()).toMatchObject({ iss: open.oidc.issuer, aud: 'any-client', sub: people.alan.sub });
    } finally {
      await open.close();
    }
  });
});
