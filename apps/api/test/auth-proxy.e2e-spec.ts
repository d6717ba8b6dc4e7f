import { randomUUID } from 'node:crypto';
import { TestApp, newUser } from './utils/test-app';

/** Behind one load balancer (TRUST_PROXY=1): the client's address is the entry the balancer appended. */
describe('auth behind a proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false, env: { TRUST_PROXY: '1', AUTH_RATE_LIMIT_PER_IP: '3', AUTH_RATE_LIMIT_PER_EMAIL: '100' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (forwardedFor: string) =>
    t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ email: `nobody.${randomUUID()}@example.com`, password: 'whatever-123' });

  it('keeps counting one client whose requests each claim a new left-most X-Forwarded-For address', async () => {
    // The client writes the left part itself; the balancer appends the address it saw (203.0.113.7).
    for (let i = 1; i <= 3; i += 1) await login(`198.51.100.${i}, 203.0.113.7`).expect(401);
    const limited = await login('198.51.100.99, 203.0.113.7').expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another client behind the same balancer has its own count.
    await login('198.51.100.1, 203.0.113.8').expect(401);
  });

  it('marks the session cookies Secure when the balancer says the browser is on https', async () => {
    const viaHttps = await t
      .http()
      .post('/api/auth/register')
      .set('X-Forwarded-For', '203.0.113.20')
      .set('X-Forwarded-Proto', 'https')
      .send(newUser())
      .expect(201);
    const cookies = (viaHttps.headers['set-cookie'] ?? []) as unknown as string[];
    expect(cookies.filter((c) => c.startsWith('leadflow_refresh='))).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
    const viaHttp = await t
      .http()
      .post('/api/auth/register')
      .set('X-Forwarded-For', '203.0.113.21')
      .set('X-Forwarded-Proto', 'http')
      .send(newUser())
      .expect(201);
    for (const cookie of (viaHttp.headers['set-cookie'] ?? []) as unknown as string[]) expect(cookie).not.toMatch(/; Secure/);
  });
});
