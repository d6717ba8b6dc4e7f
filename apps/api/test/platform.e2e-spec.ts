import { upsertUser } from '../src/bin/upsert-user';
import { TestApp, newUser } from './utils/test-app';

describe('platform routes', () => {
  let t: TestApp;
  let adminToken: string;
  let clientToken: string;

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
    await upsertUser(t.db, {
      email: 'ops@leadflow.test',
      password: 'ops-password-1',
      firstName: 'Ops',
      lastName: 'Team',
      phone: '+440000000000',
      role: 'admin',
    });
    adminToken = (await t.http().post('/api/auth/login').send({ email: 'ops@leadflow.test', password: 'ops-password-1' }).expect(200)).body
      .accessToken;
    clientToken = (
      await t
        .http()
        .post('/api/auth/register')
        .send(newUser({ firstName: 'Casey' }))
        .expect(201)
    ).body.accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports database and Redis up on /api/health', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('lets admins list users, and answers 403 to clients and 401 without a token', async () => {
    const list = await t.http().get('/api/admin/users?pageSize=10&search=casey').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(list.body.meta).toEqual({ page: 1, pageSize: 10, total: 1 });
    expect(list.body.items[0]).toMatchObject({ firstName: 'Casey', role: 'client', client: { status: 'onboarding' } });
    const forbidden = await t.http().get('/api/admin/users').set('Authorization', `Bearer ${clientToken}`).expect(403);
    expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'This action needs the admin role' });
    await t.http().get('/api/admin/users').expect(401);
    const bad = await t.http().get('/api/admin/users?pageSize=1000').set('Authorization', `Bearer ${adminToken}`).expect(400);
    expect(bad.body.details[0].field).toBe('pageSize');
  });

  it('serves Bull Board to admins only', async () => {
    await t.http().get('/admin/queues').expect(401);
    await t.http().get('/admin/queues').set('Authorization', `Bearer ${clientToken}`).expect(403);
    const page = await t.http().get('/admin/queues').set('Authorization', `Bearer ${adminToken}`).expect(200);
    expect(page.text).toMatch(/<html/i);
    // Browsers use the httpOnly cookie the API sets (auth-cookies.e2e-spec.ts covers it in depth).
    const board = (await t.http().post('/api/auth/board-session').set('Authorization', `Bearer ${adminToken}`).expect(204)).headers[
      'set-cookie'
    ] as unknown as string[];
    const api = await t
      .http()
      .get('/admin/queues/api/queues')
      .set('Cookie', board.map((c) => c.split(';')[0]!).join('; '))
      .expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'billing',
      'email',
      'integrations',
      'privacy',
      'sms',
      'subscriptions',
      'webhooks',
    ]);
  });

  it('lists every route in the OpenAPI document served at /api/docs-json, as committed', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const ops = (d: typeof doc) =>
      Object.entries(d.paths)
        .flatMap(([path, p]) => Object.entries(p).map(([method, o]) => `${method.toUpperCase()} ${path} ${o.operationId}`))
        .sort();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const committed = require('../openapi.json') as typeof doc;
    expect(ops(doc)).toEqual(ops(committed));
    expect(ops(doc)).toEqual(
      expect.arrayContaining([
        'POST /api/auth/register register',
        'GET /api/auth/me getMe',
        'GET /api/health getHealth',
        'GET /api/admin/users listUsers',
      ]),
    );
    // Every route the app serves is documented (Stripe's and Twilio's webhooks are deliberately internal: theirs to call).
    const router = (
      t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }
    ).router;
    const served = router.stack
      .filter(
        (l) =>
          l.route &&
          l.route.path.startsWith('/api/') &&
          !l.route.path.includes('{*') &&
          !['/api/docs', '/api/metrics', '/api/billing/stripe/webhook', '/api/sms/twilio/'].some((x) => l.route!.path.startsWith(x)),
      )
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`));
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, p]) => Object.keys(p).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    await t.http().get('/api/docs').redirects(1).expect(200).expect('Content-Type', /html/);
  });

  it('exposes Prometheus metrics with request latency and queue depths', async () => {
    await t.http().post('/api/auth/register').send(newUser()).expect(201); // one waiting welcome job
    const res = await t.http().get('/api/metrics').expect(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/auth\/register"/);
    expect(res.text).toMatch(/queue_jobs\{queue="email",state="waiting"\} [1-9]/);
    expect(res.text).toMatch(/queue_jobs\{queue="billing",state="waiting"\} 0/);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.http().get('/api/health').set('X-Request-Id', 'trace-abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('trace-abc-123');
    const made = await t.http().get('/api/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await t.http().get('/api/health').set('X-Request-Id', 'bad id\twith spaces').expect(200);
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and answers unknown routes with the common error shape', async () => {
    const res = await t.http().get('/api/nope').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nope' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.create({ worker: false, env: { AUTH_RATE_LIMIT_PER_IP: '3', AUTH_RATE_LIMIT_PER_EMAIL: '100' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 once one IP has used its allowance on a route, whatever the emails', async () => {
    for (let i = 0; i < 3; i += 1) await t.http().post('/api/auth/register').send(newUser()).expect(201);
    const limited = await t.http().post('/api/auth/register').send(newUser()).expect(429);
    expect(limited.body.message).toBe('Too many attempts; wait a minute and try again');
    // Each route has its own allowance: login from the same IP is still answered.
    await t.http().post('/api/auth/login').send({ email: 'someone-else@example.com', password: 'whatever-123' }).expect(401);
  });
});
