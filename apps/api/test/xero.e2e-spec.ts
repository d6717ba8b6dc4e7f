import { Test as NestTest } from '@nestjs/testing';
import type Redis from 'ioredis';
import type { Test } from 'supertest';
import { AccountingApi } from 'xero-node';
import { upsertUser } from '../src/bin/upsert-user';
import { AppConfig } from '../src/core/config/app-config';
import { ENTITIES } from '../src/app/data-source-options';
import { CoreModule } from '../src/core/core.module';
import { EncryptionService } from '../src/core/crypto/encryption.service';
import { REDIS } from '../src/core/redis/redis.module';
import { XeroConnection } from '../src/xero/entities/xero-connection.entity';
import { XERO_MAX_CONCURRENT, xeroConcurrencyKey } from '../src/xero/xero-concurrency';
import { XeroModule } from '../src/xero/xero.module';
import { XeroNotConnectedError, XeroRateLimitedError, XeroService } from '../src/xero/xero.service';
import { TestApp, newUser } from './utils/test-app';

interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
}

interface SandboxContact {
  ContactID: string;
  ContactNumber?: string;
  Name: string;
  EmailAddress: string;
  ContactStatus: string;
}

interface SandboxState {
  xero: { tenant: { tenantId: string; tenantName: string }; connections: unknown[]; contacts: SandboxContact[] };
}

const unescapeHtml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('Xero connection', () => {
  let t: TestApp;
  let xero: XeroService;
  let adminToken: string;
  let clientToken: string;

  const admin = (req: Test) => req.set('Authorization', `Bearer ${adminToken}`);

  async function control<T>(path: string, init?: { method: string; body?: unknown }): Promise<T> {
    const res = await fetch(`${t.sandbox.url}/_sandbox${path}`, {
      method: init?.method ?? 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(res.ok).toBe(true);
    return (await res.json()) as T;
  }
  const sandboxState = () => control<SandboxState>('/state');
  const xeroRequests = async () => (await control<{ data: RecordedRequest[] }>('/requests?pathPrefix=/xero')).data;
  const clearRequests = () => control('/requests', { method: 'DELETE' });
  /** A contact for a made-up client numbered `contactNumber`; returns its ContactID. */
  const ensureContact = async (name: string, contactNumber: string, email?: string) =>
    (await xero.ensureContact({ contactNumber, name, email, reference: `contact:${contactNumber}` })).contactId;

  async function storedRow(): Promise<
    { access_token_enc: string; refresh_token_enc: string; expires_at: Date; connected_by: string } | undefined
  > {
    const rows: Array<{ access_token_enc: string; refresh_token_enc: string; expires_at: Date; connected_by: string }> = await t.db.query(
      'SELECT access_token_enc, refresh_token_enc, expires_at, connected_by FROM xero_connection',
    );
    return rows[0];
  }

  async function storedTokens(): Promise<{ accessToken: string; refreshToken: string }> {
    const row = await storedRow();
    if (!row) throw new Error('not connected');
    const encryption = t.app.get(EncryptionService);
    return { accessToken: encryption.decrypt(row.access_token_enc), refreshToken: encryption.decrypt(row.refresh_token_enc) };
  }

  /** Goes through Xero's consent page as the admin's browser would; returns where Xero sends the browser back. */
  async function consent(decision: 'allow' | 'deny'): Promise<URL> {
    const { authorizeUrl } = (await admin(t.http().post('/api/admin/xero/connect')).expect(200)).body as { authorizeUrl: string };
    const page = await fetch(authorizeUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Allow access');
    // What the "Allow access" / "Cancel" buttons do: post the form's hidden fields with their decision.
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error('no consent form');
    const form = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      form.set(name, unescapeHtml(value));
    form.set('decision', decision);
    const answer = await fetch(new URL(unescapeHtml(action), authorizeUrl), { method: 'POST', body: form, redirect: 'manual' });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('http://api.test/api/xero/callback');
    return back;
  }

  /** Our callback, called with what Xero put on the redirect; returns where we send the browser. */
  async function callback(search: string): Promise<string> {
    const res = await t.http().get(`/api/xero/callback${search}`).expect(302);
    return String(res.headers.location);
  }

  async function connect(): Promise<URL> {
    const back = await consent('allow');
    expect(await callback(back.search)).toBe('http://app.test/admin/xero?connected=1');
    return back;
  }

  async function ensureConnected(): Promise<void> {
    if (!(await xero.isConnected())) await connect();
  }

  /** Another Xero user (or another of our processes) creates a contact directly in Xero. */
  async function createInXeroDirectly(name: string, contactNumber?: string): Promise<string> {
    const { accessToken } = await storedTokens();
    const { tenantId } = await xero.status();
    const res = await fetch(`${t.sandbox.xero.apiBasePath}/Contacts`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${accessToken}`, 'xero-tenant-id': tenantId ?? '', 'Content-Type': 'application/json' },
      body: JSON.stringify({ Contacts: [{ Name: name, ...(contactNumber ? { ContactNumber: contactNumber } : {}) }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { Contacts: SandboxContact[] };
    return body.Contacts[0].ContactID;
  }

  const contactsNamed = async (name: string) =>
    (await sandboxState()).xero.contacts.filter((c) => c.Name.toLowerCase() === name.toLowerCase());

  beforeAll(async () => {
    t = await TestApp.create({ worker: false });
    xero = t.app.get(XeroService);
    await upsertUser(t.db, {
      email: 'finance@leadflow.test',
      password: 'finance-password-1',
      firstName: 'Fin',
      lastName: 'Ance',
      phone: '+440000000001',
      role: 'admin',
    });
    adminToken = (
      await t.http().post('/api/auth/login').send({ email: 'finance@leadflow.test', password: 'finance-password-1' }).expect(200)
    ).body.accessToken;
    clientToken = (await t.http().post('/api/auth/register').send(newUser()).expect(201)).body.accessToken;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it('answers 403 to a client and 401 without a token on the admin routes', async () => {
    const asClient = (req: Test) => req.set('Authorization', `Bearer ${clientToken}`).expect(403);
    await asClient(t.http().get('/api/admin/xero'));
    await asClient(t.http().post('/api/admin/xero/connect'));
    await asClient(t.http().delete('/api/admin/xero'));
    await t.http().get('/api/admin/xero').expect(401);
    await t.http().post('/api/admin/xero/connect').expect(401);
  });

  it('reports not connected, and refuses Xero calls with XeroNotConnectedError', async () => {
    const status = await admin(t.http().get('/api/admin/xero')).expect(200);
    expect(status.body).toEqual({ connected: false, tenantId: null, tenantName: null, accessTokenExpiresAt: null, connectedAt: null });
    await expect(ensureContact('Nobody Ltd', 'test:not-connected')).rejects.toBeInstanceOf(XeroNotConnectedError);
  });

  it("connects through Xero's consent page and reports the organisation", async () => {
    const calls: string[] = [];
    xero.onConnected(async () => {
      calls.push('connected');
    });
    const back = await consent('allow');
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(await callback(back.search)).toBe('http://app.test/admin/xero?connected=1');

    const { tenant } = (await sandboxState()).xero;
    const status = (await admin(t.http().get('/api/admin/xero')).expect(200)).body as Record<string, unknown>;
    expect(status).toMatchObject({ connected: true, tenantId: tenant.tenantId, tenantName: 'LeadFlow Sandbox Ltd' });
    const expiresInS = (Date.parse(String(status.accessTokenExpiresAt)) - Date.now()) / 1000;
    expect(expiresInS).toBeGreaterThan(1700);
    expect(expiresInS).toBeLessThanOrEqual(1800);
    expect(calls).toEqual(['connected']);
    expect(Math.abs(Date.parse(String(status.connectedAt)) - Date.now())).toBeLessThan(60_000);
    expect(await xero.isConnected()).toBe(true);
    const me = (await admin(t.http().get('/api/auth/me')).expect(200)).body as { id: string };
    expect((await storedRow())?.connected_by).toBe(me.id);
  });

  it('refuses a replayed or unknown state, a spent code and a declined consent, and stores nothing', async () => {
    const used = await connect();
    await admin(t.http().delete('/api/admin/xero')).expect(204);

    expect(await callback(used.search)).toBe('http://app.test/admin/xero?error=invalid_state');
    expect(await callback('?code=abc&state=made-up-state')).toBe('http://app.test/admin/xero?error=invalid_state');
    expect(await callback('?code=abc')).toBe('http://app.test/admin/xero?error=invalid_state');

    // A fresh state with a code Xero already exchanged.
    const fresh = await consent('allow');
    fresh.searchParams.set('code', used.searchParams.get('code') ?? '');
    expect(await callback(fresh.search)).toBe('http://app.test/admin/xero?error=token_exchange_failed');

    const declined = await consent('deny');
    expect(declined.searchParams.get('error')).toBe('access_denied');
    expect(await callback(declined.search)).toBe('http://app.test/admin/xero?error=access_denied');

    expect(await t.db.getRepository(XeroConnection).count()).toBe(0);
    expect((await admin(t.http().get('/api/admin/xero')).expect(200)).body.connected).toBe(false);
  });

  it("keeps Xero's tokens only encrypted in the database", async () => {
    await ensureConnected();
    const row = await storedRow();
    const { accessToken, refreshToken } = await storedTokens();
    expect(row?.access_token_enc).toMatch(/^v1:/);
    expect(row?.refresh_token_enc).toMatch(/^v1:/);
    expect(row?.access_token_enc).not.toContain(accessToken);
    expect(row?.access_token_enc).not.toContain(accessToken.split('.')[1]);
    expect(row?.refresh_token_enc).not.toContain(refreshToken);
    // The decrypted values are the sandbox's real tokens: Xero accepts the access token.
    const res = await fetch(t.sandbox.xero.connectionsUrl, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(200);
    const [connection] = (await res.json()) as Array<{ tenantId: string }>;
    expect(connection.tenantId).toBe((await xero.status()).tenantId);
    expect(refreshToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refreshes an expiring access token before calling Contacts, and stores the rotated refresh token', async () => {
    await ensureConnected();
    const before = await storedTokens();
    await t.db.query("UPDATE xero_connection SET expires_at = now() + interval '4 minutes'"); // inside the 5-minute margin
    await clearRequests();

    await ensureContact('Refresh Check Ltd', 'test:refresh');

    const log = await xeroRequests();
    expect(log.map((r) => `${r.method} ${r.path} ${r.status}`).slice(0, 2)).toEqual([
      'POST /xero/identity/connect/token 200',
      'GET /xero/api.xro/2.0/Contacts 200',
    ]);
    expect(log[0].body).toMatchObject({ grant_type: 'refresh_token', refresh_token: before.refreshToken });
    expect(log.filter((r) => r.status === 401)).toHaveLength(0);

    const after = await storedTokens();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(((await storedRow())?.expires_at.getTime() ?? 0) - Date.now()).toBeGreaterThan(25 * 60_000);
    // The old refresh token is spent at Xero; the stored one is the live one.
    await clearRequests();
    await t.db.query("UPDATE xero_connection SET expires_at = now() - interval '1 minute'");
    await ensureContact('Refresh Check Ltd', 'test:refresh');
    expect((await xeroRequests())[0].body).toMatchObject({ grant_type: 'refresh_token', refresh_token: after.refreshToken });
  });

  it('refreshes once and retries when Xero answers 401 to a token it considers expired', async () => {
    await ensureConnected();
    await control('/clock', { method: 'POST', body: { offsetSeconds: 1900 } });
    try {
      await clearRequests();
      const id = await ensureContact('Clock Skew Ltd', 'test:clock');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const log = (await xeroRequests()).map((r) => `${r.method} ${r.path} ${r.status}`);
      expect(log.slice(0, 3)).toEqual([
        'GET /xero/api.xro/2.0/Contacts 401',
        'POST /xero/identity/connect/token 200',
        'GET /xero/api.xro/2.0/Contacts 200',
      ]);
      expect(log.filter((l) => l.endsWith('401'))).toHaveLength(1);
    } finally {
      await control('/clock', { method: 'POST', body: { offsetSeconds: 0 } });
    }
  });

  it('spends the refresh token once when several calls find the access token expired at the same time', async () => {
    await ensureConnected();
    const name = 'Parallel Refresh Ltd';
    await ensureContact(name, 'test:parallel-refresh');
    await t.db.query("UPDATE xero_connection SET expires_at = now() - interval '1 minute'");
    await clearRequests();
    const ids = await Promise.all(Array.from({ length: 6 }, () => ensureContact(name, 'test:parallel-refresh')));
    expect(new Set(ids).size).toBe(1);
    const log = await xeroRequests();
    expect(log.filter((r) => r.path === '/xero/identity/connect/token')).toHaveLength(1);
    expect(log.filter((r) => r.status !== 200)).toHaveLength(0);
  });

  it('creates a contact once, numbered with our client id, and finds it by ContactNumber afterwards', async () => {
    await ensureConnected();
    await clearRequests();
    const number = '0c4f7f3e-2b1a-4d5e-9f60-7a8b9c0d1e2f';
    const input = {
      contactNumber: number,
      name: 'Acme Solar Ltd',
      email: 'accounts@acme-solar.example.com',
      reference: 'xero-contact:acme',
    };
    const first = await xero.ensureContact(input);
    const second = await xero.ensureContact(input);
    expect(first).toEqual({ contactId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme Solar Ltd', disambiguated: false });
    expect(second).toEqual(first);

    const contacts = await contactsNamed('Acme Solar Ltd');
    expect(contacts).toEqual([
      expect.objectContaining({ ContactID: first.contactId, ContactNumber: number, EmailAddress: 'accounts@acme-solar.example.com' }),
    ]);
    const log = await xeroRequests();
    const creates = log.filter((r) => r.method === 'PUT' && r.path === '/xero/api.xro/2.0/Contacts');
    expect(creates).toHaveLength(1);
    expect(creates[0].headers['idempotency-key']).toBe('xero-contact:acme');
    expect(creates[0].headers['xero-tenant-id']).toBe((await xero.status()).tenantId);
    expect(creates[0].body).toMatchObject({ Contacts: [{ Name: 'Acme Solar Ltd', ContactNumber: number }] });
    // Looked up by our number only, never by name.
    expect(log.filter((r) => r.method === 'GET').map((r) => r.query.where)).toEqual([
      `ContactNumber=="${number}"`,
      `ContactNumber=="${number}"`,
    ]);

    // A name with quotes and backslashes; the client's later name (a rename) still finds its contact by number.
    const odd = 'O"Brien \\ Sons';
    const oddId = await ensureContact(odd, 'xero-contact:odd');
    expect(await ensureContact(` ${odd} Renamed `, 'xero-contact:odd')).toBe(oddId);
    expect(await contactsNamed(odd)).toHaveLength(1);
    await expect(xero.ensureContact({ contactNumber: 'x'.repeat(51), name: 'Too Long Ltd', reference: 'test:long' })).rejects.toThrow(
      'A Xero ContactNumber has 1 to 50 characters',
    );
  });

  it("never adopts another client's contact by its name: a second client with a taken name gets its own, disambiguated contact", async () => {
    await ensureConnected();
    const a = await xero.ensureContact({
      contactNumber: 'aaaaaaaa-1111-4111-8111-111111111111',
      name: 'Shared Name Ltd',
      reference: 'contact:a',
    });
    await clearRequests();
    const b = await xero.ensureContact({
      contactNumber: 'bbbbbbbb-2222-4222-8222-222222222222',
      name: 'Shared Name Ltd',
      reference: 'contact:b',
    });
    expect(b.contactId).not.toBe(a.contactId);
    expect(b).toMatchObject({ name: 'Shared Name Ltd (LF-bbbbbbbb)', disambiguated: true });
    expect(
      await xero.ensureContact({ contactNumber: 'bbbbbbbb-2222-4222-8222-222222222222', name: 'Shared Name Ltd', reference: 'contact:b' }),
    ).toEqual({ ...b, disambiguated: false });
    const contacts = (await sandboxState()).xero.contacts.filter((c) => c.Name.startsWith('Shared Name Ltd'));
    expect(contacts.map((c) => [c.ContactID, c.Name, c.ContactNumber]).sort()).toEqual(
      [
        [a.contactId, 'Shared Name Ltd', 'aaaaaaaa-1111-4111-8111-111111111111'],
        [b.contactId, 'Shared Name Ltd (LF-bbbbbbbb)', 'bbbbbbbb-2222-4222-8222-222222222222'],
      ].sort(),
    );
    const creates = (await xeroRequests()).filter((r) => r.method === 'PUT');
    expect(creates.map((r) => r.headers['idempotency-key'])).toEqual(['contact:b', 'contact:b:disambiguated']);

    // A contact made by hand in Xero with the client's name is not adopted either.
    const byHand = await createInXeroDirectly('Hand Made Ltd');
    const c = await xero.ensureContact({
      contactNumber: 'cccccccc-3333-4333-8333-333333333333',
      name: 'Hand Made Ltd',
      reference: 'contact:c',
    });
    expect(c.contactId).not.toBe(byHand);
    expect(c).toMatchObject({ name: 'Hand Made Ltd (LF-cccccccc)', disambiguated: true });
  });

  it('finds its own contact when another run of the job creates it between our lookup and our create', async () => {
    await ensureConnected();
    const name = 'Race Condition Ltd';
    const number = 'dddddddd-4444-4444-8444-444444444444';
    let createdElsewhere = '';
    const realGetContacts = AccountingApi.prototype.getContacts;
    const spy = jest.spyOn(AccountingApi.prototype, 'getContacts').mockImplementationOnce(async function (
      this: AccountingApi,
      ...args: Parameters<AccountingApi['getContacts']>
    ) {
      const result = await realGetContacts.apply(this, args); // the real lookup: no such contact yet
      createdElsewhere = await createInXeroDirectly(name, number); // ...and then the other run creates it
      return result;
    });
    try {
      await clearRequests();
      expect(await xero.ensureContact({ contactNumber: number, name, reference: 'xero-contact:race' })).toEqual({
        contactId: createdElsewhere,
        name,
        disambiguated: false,
      });
    } finally {
      spy.mockRestore();
    }
    expect(await contactsNamed(name)).toHaveLength(1);
    const create = (await xeroRequests()).find((r) => r.method === 'PUT' && r.headers['idempotency-key'] === 'xero-contact:race');
    expect(JSON.stringify(create?.body)).toContain(name); // our create really went out, and Xero refused it
  });

  it('creates one contact when several jobs ensure the same client at once', async () => {
    await ensureConnected();
    const name = 'Concurrent Boilers Ltd';
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        xero
          .ensureContact({ contactNumber: 'client-concurrent', name, reference: `xero-contact:concurrent-${i}` })
          .then((c) => c.contactId),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await contactsNamed(name)).toEqual([expect.objectContaining({ ContactID: ids[0] })]);
  });

  it('waits for a free slot when 5 calls to the tenant are already in flight elsewhere', async () => {
    await ensureConnected();
    await ensureContact('Slot Test Ltd', 'test:slots');
    const redis = t.app.get<Redis>(REDIS);
    const key = xeroConcurrencyKey(t.config.redisPrefix, (await xero.status()).tenantId ?? '');
    const holders = Array.from({ length: XERO_MAX_CONCURRENT }, (_, i) => `other-process-${i}`);
    for (const h of holders) await redis.zadd(key, Date.now() + 30_000, h);
    try {
      await clearRequests();
      let settled = false;
      const call = ensureContact('Slot Test Ltd', 'test:slots').finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 400));
      expect(settled).toBe(false);
      expect(await xeroRequests()).toHaveLength(0);
      await redis.zrem(key, holders[0]);
      await expect(call).resolves.toMatch(/^[0-9a-f-]{36}$/);
      expect(await redis.zrange(key, 0, -1)).toEqual(holders.slice(1)); // our slot was released
    } finally {
      await redis.del(key);
    }
  });

  it("turns Xero's 429 into XeroRateLimitedError with the Retry-After delay", async () => {
    await ensureConnected();
    await ensureContact('Rate Limit Ltd', 'test:429');
    await control('/xero/rate-limit', { method: 'POST', body: { enabled: true, perMinute: 1 } });
    try {
      await ensureContact('Rate Limit Ltd', 'test:429');
      const err: unknown = await ensureContact('Rate Limit Ltd', 'test:429').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(XeroRateLimitedError);
      const { retryAfterMs } = err as XeroRateLimitedError;
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(60_000);
    } finally {
      await control('/xero/rate-limit', { method: 'POST', body: { enabled: false } });
    }
  });

  it('drops the connection when Xero refuses the refresh token, and asks for a reconnect', async () => {
    await ensureConnected();
    // Someone spends our refresh token (e.g. a restored backup of the database reused it).
    const { refreshToken } = await storedTokens();
    const spent = await fetch(t.sandbox.xero.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('leadflow-test:leadflow-test-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
    expect(spent.status).toBe(200);
    await t.db.query("UPDATE xero_connection SET expires_at = now() - interval '1 minute'");

    await expect(ensureContact('Acme Solar Ltd', 'xero-contact:acme')).rejects.toBeInstanceOf(XeroNotConnectedError);
    expect(await xero.isConnected()).toBe(false);
  });

  it('disconnects: forgets the tokens and removes the connection at Xero', async () => {
    await ensureConnected();
    const before = (await sandboxState()).xero.connections.length;
    await admin(t.http().delete('/api/admin/xero')).expect(204);
    expect(await t.db.getRepository(XeroConnection).count()).toBe(0);
    expect((await sandboxState()).xero.connections).toHaveLength(before - 1);
    expect((await admin(t.http().get('/api/admin/xero')).expect(200)).body.connected).toBe(false);
    await expect(ensureContact('Acme Solar Ltd', 'xero-contact:acme')).rejects.toBeInstanceOf(XeroNotConnectedError);
    await admin(t.http().delete('/api/admin/xero')).expect(204); // idempotent
  });

  it('boots in a process without HTTP (as in the worker), with only the core modules', async () => {
    const moduleRef = await NestTest.createTestingModule({ imports: [CoreModule.forRoot(ENTITIES), XeroModule] })
      .overrideProvider(AppConfig)
      .useValue(t.config)
      .compile();
    const context = await moduleRef.init();
    try {
      expect(await context.get(XeroService).status()).toMatchObject({ connected: false });
    } finally {
      await context.close();
    }
  });

  it('documents the routes with unique operation ids', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(Object.keys(doc.paths['/api/admin/xero']).sort()).toEqual(['delete', 'get']);
    expect(doc.paths['/api/admin/xero'].get.operationId).toBe('getXeroStatus');
    expect(doc.paths['/api/admin/xero'].delete.operationId).toBe('disconnectXero');
    expect(doc.paths['/api/admin/xero/connect'].post.operationId).toBe('connectXero');
    expect(doc.paths['/api/xero/callback'].get.operationId).toBe('xeroCallback');
  });
});
