import { upsertUser } from '../src/bin/upsert-user';
import { bearer, CSRF, refreshTokenOf, withRefreshCookie } from './utils/actors';
import { TestApp, newUser } from './utils/test-app';

/** The Set-Cookie lines of an answer for one cookie name. */
function setCookies(res: { headers: Record<string, unknown> }, name: string): string[] {
  return ((res.headers['set-cookie'] ?? []) as string[]).filter((c) => c.startsWith(`${name}=`));
}

describe('session cookies: the refresh token and Bull Board', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({
      worker: false,
      env: { AUTH_RATE_LIMIT_PER_IP: '200', AUTH_RATE_LIMIT_PER_EMAIL: '50', CORS_ORIGINS: 'https://partner.example' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function signUp(role: 'client' | 'admin' = 'client') {
    const body = newUser();
    if (role === 'admin') await upsertUser(t.db, { ...body, role: 'admin' });
    else await t.http().post('/api/auth/register').send(body).expect(201);
    const res = await t.http().post('/api/auth/login').send({ email: body.email, password: body.password }).expect(200);
    return { ...body, accessToken: res.body.accessToken as string, refreshToken: refreshTokenOf(res), res };
  }

  it('keeps the refresh token out of every body, in an httpOnly SameSite=Strict cookie sent only to refresh and logout', async () => {
    const reg = await t.http().post('/api/auth/register').send(newUser()).expect(201);
    const user = await signUp();
    const refreshed = await withRefreshCookie(t, 'refresh', user.refreshToken).expect(200);
    for (const res of [reg, user.res, refreshed]) {
      expect(res.body).not.toHaveProperty('refreshToken');
      expect(res.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer' });
      const cookies = setCookies(res, 'leadflow_refresh');
      expect(cookies.map((c) => /Path=([^;]+)/.exec(c)?.[1]).sort()).toEqual(['/api/auth/logout', '/api/auth/refresh']);
      for (const cookie of cookies) {
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Strict/);
        expect(cookie).toMatch(/; Max-Age=2592000/);
        expect(cookie).not.toMatch(/; Secure/); // plain http here; auth-proxy.e2e-spec.ts shows https
      }
    }
  });

  it('refuses a refresh or logout that a cookie alone would authorise: no CSRF header, or a foreign Origin (403, session untouched)', async () => {
    const user = await signUp();
    const cookie = `leadflow_refresh=${user.refreshToken}`;
    const noHeader = await t.http().post('/api/auth/refresh').set('Cookie', cookie).expect(403);
    expect(noHeader.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'This route is authenticated by a cookie: send the X-LeadFlow-CSRF header',
    });
    const foreign = await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookie)
      .set(CSRF)
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(foreign.body.message).toBe('Requests from this origin are not allowed');
    await t.http().post('/api/auth/logout').set('Cookie', cookie).expect(403);
    await t.http().post('/api/auth/logout').set('Cookie', cookie).set(CSRF).set('Origin', 'https://evil.example').expect(403);

    // None of those used or ended the session: the SPA's own request, from APP_URL or a CORS origin, still works.
    const fromApp = await withRefreshCookie(t, 'refresh', user.refreshToken).set('Origin', 'http://app.test').expect(200);
    await withRefreshCookie(t, 'refresh', refreshTokenOf(fromApp)).set('Origin', 'https://partner.example').expect(200);
  });

  it('answers 401 to a refresh without the cookie, and clears the cookies of a refused one', async () => {
    const none = await t.http().post('/api/auth/refresh').set(CSRF).expect(401);
    expect(none.body.message).toBe('No session: log in');
    const refused = await withRefreshCookie(t, 'refresh', 'not-a-real-token').expect(401);
    const cleared = setCookies(refused, 'leadflow_refresh');
    expect(cleared).toHaveLength(2);
    for (const cookie of cleared) expect(cookie).toMatch(/^leadflow_refresh=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('ends the session on logout and clears the refresh and Bull Board cookies', async () => {
    const user = await signUp();
    const out = await withRefreshCookie(t, 'logout', user.refreshToken).expect(204);
    expect(setCookies(out, 'leadflow_refresh').every((c) => c.includes('Expires=Thu, 01 Jan 1970'))).toBe(true);
    expect(setCookies(out, 'leadflow_board')).toEqual([
      expect.stringMatching(/^leadflow_board=; Path=\/admin\/queues;.*Expires=Thu, 01 Jan 1970/),
    ]);
    await withRefreshCookie(t, 'refresh', user.refreshToken).expect(401);
  });

  it('gives admins a server-set httpOnly Bull Board cookie, which Bull Board accepts and nothing else does', async () => {
    const admin = await signUp('admin');
    const client = await signUp();
    await t.http().post('/api/auth/board-session').set(bearer(client.accessToken)).expect(403);
    await t.http().post('/api/auth/board-session').expect(401);

    const session = await t.http().post('/api/auth/board-session').set(bearer(admin.accessToken)).expect(204);
    const [cookie] = setCookies(session, 'leadflow_board');
    expect(cookie).toMatch(
      /^leadflow_board=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/admin\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
    const boardCookie = cookie!.split(';')[0]!;
    const boardToken = boardCookie.slice('leadflow_board='.length);

    const queues = await t.http().get('/admin/queues/api/queues').set('Cookie', boardCookie).expect(200);
    expect(queues.body.queues.length).toBeGreaterThan(0);
    await t.http().get('/admin/queues').set('Cookie', boardCookie).expect(200);
    // The board token is no access token, and an access token is no board cookie.
    await t.http().get('/api/auth/me').set(bearer(boardToken)).expect(401);
    await t.http().get('/admin/queues/api/queues').set('Authorization', `Bearer ${boardToken}`).expect(401);
    await t.http().get('/admin/queues/api/queues').set('Cookie', `leadflow_board=${admin.accessToken}`).expect(401);
    // Bull Board's buttons change queues: with the cookie, only from our own pages.
    const crossSite = await t
      .http()
      .put('/admin/queues/api/queues/email/pause')
      .set('Cookie', boardCookie)
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(crossSite.body.message).toBe('Requests from this origin are not allowed');
    await t.http().put('/admin/queues/api/queues/email/resume').set('Cookie', boardCookie).set('Origin', 'http://app.test').expect(200);
    // A demoted admin's cookie stops working at once.
    await t.db.query(`UPDATE users SET role = 'client' WHERE email = $1`, [admin.email]);
    await t.http().get('/admin/queues/api/queues').set('Cookie', boardCookie).expect(403);
  });
});
