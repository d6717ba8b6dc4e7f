import { LedgerService } from '../../src/billing/ledger.service';
import { upsertUser } from '../../src/bin/upsert-user';
import { newUser, type TestApp } from './test-app';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq += 1)}`;

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** What the SPA adds to the cookie-authenticated routes (refresh, logout). */
export const CSRF = { 'X-LeadFlow-CSRF': '1' };

/** The refresh token from the answer's httpOnly `leadflow_refresh` cookie (bodies never carry it). */
export function refreshTokenOf(res: { headers: Record<string, unknown> }): string {
  const cookies = (res.headers['set-cookie'] ?? []) as string[];
  const value = cookies.map((c) => /^leadflow_refresh=([^;]+)/.exec(c)?.[1]).find(Boolean);
  if (!value) throw new Error(`no leadflow_refresh cookie in ${JSON.stringify(cookies)}`);
  return decodeURIComponent(value);
}

/** POST /api/auth/refresh or /api/auth/logout as the SPA sends it: the refresh cookie and the CSRF header. */
export function withRefreshCookie(t: TestApp, route: 'refresh' | 'logout', refreshToken: string) {
  return t
    .http()
    .post(`/api/auth/${route}`)
    .set('Cookie', `leadflow_refresh=${encodeURIComponent(refreshToken)}`)
    .set(CSRF);
}

export async function createAdmin(t: TestApp): Promise<string> {
  const email = `admin.${unique()}@leadflow.test`;
  await upsertUser(t.db, {
    email,
    password: 'admin-password-1',
    firstName: 'Alex',
    lastName: 'Admin',
    phone: '+440000000000',
    role: 'admin',
  });
  return (await t.http().post('/api/auth/login').send({ email, password: 'admin-password-1' }).expect(200)).body.accessToken as string;
}

export interface IndustryBody {
  id: string;
  name: string;
  leadCost: number;
}

export async function createIndustry(t: TestApp, adminToken: string, overrides: Record<string, unknown> = {}): Promise<IndustryBody> {
  const res = await t
    .http()
    .post('/api/admin/industries')
    .set(bearer(adminToken))
    .send({
      name: `Solar panels ${unique()}`,
      leadCost: 2500,
      leadColumns: [
        { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat'] },
        { key: 'homeowner', label: 'Homeowner', type: 'text', required: false },
      ],
      ...overrides,
    })
    .expect(201);
  return res.body as IndustryBody;
}

export async function registerClient(
  t: TestApp,
  overrides: Record<string, string> = {},
): Promise<{ token: string; refreshToken: string; email: string; password: string; userId: string; clientId: string }> {
  const body = newUser(overrides);
  const res = await t.http().post('/api/auth/register').send(body).expect(201);
  return {
    token: res.body.accessToken,
    refreshToken: refreshTokenOf(res),
    email: body.email,
    password: body.password,
    userId: res.body.user.id,
    clientId: res.body.user.client.id,
  };
}

export function businessDetails(industryId: string, overrides: Record<string, unknown> = {}) {
  return {
    businessName: `Acme Solar ${unique()} Ltd`,
    industryId,
    addressLine1: '1 High Street',
    town: 'London',
    postcode: 'sw1a1aa',
    phone: '+44 20 7946 0000',
    website: 'https://acme-solar.example',
    ...overrides,
  };
}

export function leadPreferences(overrides: Record<string, unknown> = {}) {
  return {
    postcodeAreas: ['sw1a', 'M1', 'b33 8'],
    dailyCap: 10,
    weeklyCap: 40,
    deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    deliveryStart: '08:00',
    deliveryEnd: '20:00',
    ...overrides,
  };
}

/** Connects the sandbox's Xero organisation the way an admin does: consent page, then our callback. */
export async function connectXero(t: TestApp, adminToken: string): Promise<void> {
  const { authorizeUrl } = (await t.http().post('/api/admin/xero/connect').set(bearer(adminToken)).expect(200)).body as {
    authorizeUrl: string;
  };
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams({
    client_id: url.searchParams.get('client_id') ?? '',
    redirect_uri: url.searchParams.get('redirect_uri') ?? '',
    scope: url.searchParams.get('scope') ?? '',
    state: url.searchParams.get('state') ?? '',
    decision: 'allow',
  });
  const consent = await fetch(`${t.sandbox.url}/xero/identity/connect/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  await t.http().get(`/api/xero/callback${back.search}`).expect(302);
  const status = (await t.http().get('/api/admin/xero').set(bearer(adminToken)).expect(200)).body as { connected: boolean };
  if (!status.connected) throw new Error('Xero did not connect');
}

/** Polls until every registration of the client is `done` (or `failed`, which fails the wait). */
export async function waitForIntegrations(
  t: TestApp,
  token: string,
  expected: 'done' | 'failed' = 'done',
  timeoutMs = 20_000,
): Promise<Array<{ kind: string; status: string; lastError: string | null; attempts: number }>> {
  const deadline = Date.now() + timeoutMs;
  let last: Array<{ kind: string; status: string; lastError: string | null; attempts: number }> = [];
  while (Date.now() < deadline) {
    last = (await t.http().get('/api/onboarding').set(bearer(token)).expect(200)).body.integrations;
    if (last.length > 0 && last.every((s) => s.status === expected || (expected === 'failed' && s.status === 'done'))) {
      if (expected === 'done' || last.some((s) => s.status === 'failed')) return last;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Integrations did not reach ${expected}: ${JSON.stringify(last)}`);
}

export interface SandboxState {
  stripe: { customers: Array<{ id: string; metadata: Record<string, string> }> };
  leadbyte: { buyers: Array<{ bid: number; company: string; external_ref?: string }> };
  xero: { contacts: Array<{ ContactID: string; Name: string }> };
}

export async function sandboxState(t: TestApp): Promise<SandboxState> {
  return (await (await fetch(`${t.sandbox.url}/_sandbox/state`)).json()) as SandboxState;
}

export async function failNext(t: TestApp, operation: string, count: number, error?: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${t.sandbox.url}/_sandbox/fail`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ operation, count, ...(error ? { error } : {}) }),
  });
  if (!res.ok) throw new Error(`sandbox refused the failure: ${await res.text()}`);
}

/** Completes Stripe's hosted setup page the way the browser form does (card 4242), returning the session id. */
export async function completeHostedCardPage(checkoutUrl: string, card = '4242424242424242'): Promise<string> {
  const page = await (await fetch(checkoutUrl)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no form on the hosted page:\n${page.slice(0, 500)}`);
  const res = await fetch(new URL(action.replace(/&amp;/g, '&'), checkoutUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number: card, card_number: card, exp: '12/34', expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' }),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (!location) throw new Error(`the hosted page did not redirect (${res.status}): ${(await res.text()).slice(0, 300)}`);
  const sessionId = new URL(location).searchParams.get('session_id');
  if (!sessionId) throw new Error(`no session id in ${location}`);
  return sessionId;
}

/** A billable client through every onboarding step, with a 4242 card: ready to top up. */
export async function onboardBillable(
  t: TestApp,
  industryId: string,
): Promise<{ token: string; clientId: string; email: string; userId: string }> {
  const c = await registerClient(t);
  await t.http().put('/api/onboarding/business-details').set(bearer(c.token)).send(businessDetails(industryId)).expect(200);
  await t.http().put('/api/onboarding/lead-preferences').set(bearer(c.token)).send(leadPreferences()).expect(200);
  await waitForIntegrations(t, c.token);
  const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(c.token)).expect(201)).body as { url: string };
  const sessionId = await completeHostedCardPage(url);
  await t.http().post('/api/onboarding/card/confirm').set(bearer(c.token)).send({ sessionId }).expect(200);
  return { token: c.token, clientId: c.clientId, email: c.email, userId: c.userId };
}

/** Lead preferences that take leads at any hour of any day (daily cap 100, no weekly cap). */
export const EVERY_DAY = {
  dailyCap: 100,
  weeklyCap: null,
  deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  deliveryStart: '00:00',
  deliveryEnd: '24:00',
};

/**
 * A signed-up billable buyer taking leads in `areas` (M1) at any time, with `credit` (pence) on its
 * account, and the path of its LeadByte URL.
 */
export async function onboardBuyer(
  t: TestApp,
  industryId: string,
  options: { areas?: string[]; credit?: number; prefs?: Record<string, unknown> } = {},
): Promise<{ token: string; clientId: string; email: string; userId: string; path: string }> {
  const c = await onboardBillable(t, industryId);
  await t
    .http()
    .put('/api/onboarding/lead-preferences')
    .set(bearer(c.token))
    .send(leadPreferences({ postcodeAreas: options.areas ?? ['M1'], ...EVERY_DAY, ...options.prefs }))
    .expect(200);
  if (options.credit) {
    await t.app.get(LedgerService).credit('top_up', { clientId: c.clientId, amount: options.credit, cause: `seed:${c.clientId}` });
  }
  const url = (await t.http().get('/api/account').set(bearer(c.token)).expect(200)).body.inboundLeadUrl as string;
  return { ...c, path: new URL(url).pathname };
}

/**
 * Points the client's default card at another Stripe PaymentMethod — one made from a test card
 * number, or a test token (`pm_card_visa`, `pm_card_chargeDeclined`, …; one client at a time, as
 * our ids are unique) — so the next charge has that card's outcome.
 */
export async function useTestCard(t: TestApp, clientId: string, paymentMethod: string): Promise<void> {
  await t.db.query(`UPDATE payment_methods SET stripe_payment_method_id = $2 WHERE client_id = $1 AND is_default`, [
    clientId,
    paymentMethod,
  ]);
}

/** Answers Stripe's 3-D Secure test page (a payment's `nextActionUrl`) the way its buttons do. */
export async function answerThreeDSecure(nextActionUrl: string, outcome: 'complete' | 'fail'): Promise<void> {
  const page = await (await fetch(nextActionUrl)).text();
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no form on the 3-D Secure page:\n${page.slice(0, 500)}`);
  const res = await fetch(new URL(action.replace(/&amp;/g, '&'), nextActionUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }),
    redirect: 'manual',
  });
  if (res.status >= 400) throw new Error(`the 3-D Secure page answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/**
 * A campaign (admin API) with its subscriptions and a supplier that may post to it: what a supplier
 * distribution test starts from. `ingest(fields)` posts one lead as that supplier.
 */
export async function campaignWithSupplier(
  t: TestApp,
  adminToken: string,
  industryId: string,
  options: {
    name: string;
    strategy: string;
    subscriptions: Array<{ clientId: string; priority?: number; weight?: number; dailyCap?: number; bid?: number | null }>;
  },
): Promise<{
  id: string;
  supplierId: string;
  apiKey: string;
  ingest: (fields: Record<string, unknown>) => ReturnType<ReturnType<TestApp['http']>['post']>;
}> {
  const campaign = (
    await t
      .http()
      .post('/api/admin/campaigns')
      .set(bearer(adminToken))
      .send({ name: options.name, industryId, strategy: options.strategy })
      .expect(201)
  ).body as { id: string };
  for (const sub of options.subscriptions)
    await t.http().put(`/api/admin/campaigns/${campaign.id}/subscriptions`).set(bearer(adminToken)).send(sub).expect(200);
  const supplier = (
    await t
      .http()
      .post('/api/admin/suppliers')
      .set(bearer(adminToken))
      .send({ name: `${options.name} supplier`, campaignIds: [campaign.id] })
      .expect(201)
  ).body as { id: string; apiKey: string };
  return {
    id: campaign.id,
    supplierId: supplier.id,
    apiKey: supplier.apiKey,
    ingest: (fields) => t.http().post('/api/leads/ingest').set('X-API-Key', supplier.apiKey).send({ campaignId: campaign.id, fields }),
  };
}
