import { randomUUID } from 'node:crypto';
import { TestApp } from './utils/test-app';

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
    t.http().post('/api/auth/login').set('X-Forwarded-For', forwardedFor).send({ email: `nobody.${randomUUID()}@example.com`, password: 'whatever-123' });

  it('keeps counting one client whose requests each claim a new left-most X-Forwarded-For address', async () => {
    // The client writes the left part itself; the balancer appends the address it saw (203.0.113.7).
    for (let i = 1; i <= 3; i += 1) await login(`198.51.100.${i}, 203.0.113.7`).expect(401);
    const limited = await login('198.51.100.99, 203.0.113.7').expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    // Another client behind the same balancer has its own count.
    await login('198.51.100.1, 203.0.113.8').expect(401);
  });
});
