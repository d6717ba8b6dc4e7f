import { Logger } from 'nestjs-pino';
// nestjs-pino keeps one logger for logs outside a request (jobs, boot) per process; tests may reset it.
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EncryptionService } from '../src/core/crypto/encryption.service';
import {
  bearer,
  businessDetails,
  completeHostedCardPage,
  connectXero,
  createAdmin,
  createIndustry,
  leadPreferences,
  refreshTokenOf,
  registerClient,
  waitForIntegrations,
} from './utils/actors';
import { waitForQueuesToDrain } from './utils/queues';
import { TestApp } from './utils/test-app';
import { WebhookReceiver } from './utils/webhook-receiver';

const CARD = '4242424242424242';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const uniquePassword = () => `pw-${randomBytes(9).toString('hex')}-secret-7`;

/** Every text-like value in the test database, with where it lives (`table.column`). */
async function dumpDatabase(t: TestApp): Promise<Array<{ where: string; value: string }>> {
  const columns = (await t.db.query(
    `SELECT table_schema, table_name, column_name
       FROM information_schema.columns
      WHERE table_catalog = current_database()
        AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar', '_bpchar', '_jsonb')))
      ORDER BY table_schema, table_name, ordinal_position`,
  )) as Array<{ table_schema: string; table_name: string; column_name: string }>;
  const byTable = new Map<string, string[]>();
  for (const c of columns) {
    const table = `"${c.table_schema}"."${c.table_name}"`;
    byTable.set(table, [...(byTable.get(table) ?? []), c.column_name]);
  }
  const found: Array<{ where: string; value: string }> = [];
  for (const [table, names] of byTable) {
    const rows = (await t.db.query(`SELECT ${names.map((n, i) => `"${n}"::text AS c${i}`).join(', ')} FROM ${table}`)) as Array<
      Record<string, string | null>
    >;
    for (const row of rows) names.forEach((n, i) => row[`c${i}`] != null && found.push({ where: `${table}.${n}`, value: row[`c${i}`]! }));
  }
  return found;
}

/** Takes over stdout/stderr; pino sees a replaced `write` and logs through it instead of fd 1. */
function captureOutput() {
  const chunks: string[] = [];
  const original = { out: process.stdout.write, err: process.stderr.write };
  const tap = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r): r is () => void => typeof r === 'function');
    done?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = tap;
  process.stderr.write = tap;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    },
  };
}

describe('secrets at rest', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores no plaintext secret: Xero tokens and webhook secrets are v1 AES-GCM, passwords and keys are hashes', async () => {
    const admin = await createAdmin(t);
    await connectXero(t, admin);
    const industry = await createIndustry(t, admin);
    const password = uniquePassword();
    const c = await registerClient(t, { password });
    const receiver = await WebhookReceiver.start();
    try {
      const webhook = (
        await t
          .http()
          .post('/api/webhook-endpoints')
          .set(bearer(c.token))
          .send({ url: receiver.url, description: 'CRM', eventTypes: ['lead.send_data'] })
          .expect(201)
      ).body as { endpoint: { id: string }; secret: string };
      const apiKey = (
        await t
          .http()
          .post('/api/api-keys')
          .set(bearer(c.token))
          .send({ name: 'CRM sync', scopes: ['leads:read'] })
          .expect(201)
      ).body.key as string;
      const campaign = (
        await t
          .http()
          .post('/api/admin/campaigns')
          .set(bearer(admin))
          .send({ name: 'Secrets campaign', industryId: industry.id, strategy: 'round_robin' })
          .expect(201)
      ).body as { id: string };
      const supplierKey = (
        await t
          .http()
          .post('/api/admin/suppliers')
          .set(bearer(admin))
          .send({ name: 'Secrets supplier', campaignIds: [campaign.id] })
          .expect(201)
      ).body.apiKey as string;
      expect(webhook.secret).toMatch(/^whsec_/);
      expect(apiKey).toMatch(/^lf_/);
      expect(supplierKey).toMatch(/^lfs_/);

      // Encrypted: the versioned AES-GCM format, and it opens with the app's key to the secret we were shown.
      const encryption = t.app.get(EncryptionService);
      const [xero] = (await t.db.query(`SELECT access_token_enc, refresh_token_enc FROM xero_connection`)) as Array<{
        access_token_enc: string;
        refresh_token_enc: string;
      }>;
      const [endpoint] = (await t.db.query(`SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1`, [
        webhook.endpoint.id,
      ])) as Array<{ secret_encrypted: string }>;
      for (const sealed of [xero!.access_token_enc, xero!.refresh_token_enc, endpoint!.secret_encrypted])
        expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
      expect(encryption.decrypt(endpoint!.secret_encrypted)).toBe(webhook.secret);
      const xeroAccessToken = encryption.decrypt(xero!.access_token_enc);
      const xeroRefreshToken = encryption.decrypt(xero!.refresh_token_enc);
      expect(xeroAccessToken.length).toBeGreaterThan(8);
      expect(xeroRefreshToken.length).toBeGreaterThan(8);

      // Hashed: argon2id for the password, SHA-256 for the high-entropy keys.
      const [user] = (await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [c.userId])) as Array<{ password_hash: string }>;
      expect(user!.password_hash).toMatch(/^\$argon2id\$/);
      expect((await t.db.query(`SELECT 1 FROM client_api_keys WHERE key_hash = $1`, [sha256(apiKey)])).length).toBe(1);
      expect((await t.db.query(`SELECT 1 FROM suppliers WHERE key_hash = $1`, [sha256(supplierKey)])).length).toBe(1);

      const dump = await dumpDatabase(t);
      expect(dump.some((d) => d.value.includes(c.email))).toBe(true); // the dump reads real rows
      const secrets = {
        password,
        webhookSecret: webhook.secret,
        apiKey,
        supplierKey,
        xeroAccessToken,
        xeroRefreshToken,
        refreshToken: c.refreshToken,
        accessToken: c.token,
      };
      const leaks = Object.entries(secrets).flatMap(([name, secret]) =>
        dump.filter((d) => d.value.includes(secret)).map((d) => `${name} in ${d.where}`),
      );
      expect(leaks).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe('secrets in logs', () => {
  let t: TestApp;
  let output: ReturnType<typeof captureOutput>;

  beforeAll(async () => {
    output = captureOutput();
    __resetOutOfContextForTests(); // else jobs would log through the silent logger of the app above
    t = await TestApp.create({ env: { LOG_LEVEL: 'debug' } });
  });
  afterAll(async () => {
    try {
      await t?.close();
    } finally {
      __resetOutOfContextForTests();
      output.restore();
    }
  });

  it('logs none of the passwords, card number, tokens, keys or app secrets during a full client journey at debug level', async () => {
    const admin = await createAdmin(t);
    await connectXero(t, admin);
    const columns = [
      { key: 'firstname', label: 'First name', type: 'text', required: true },
      { key: 'lastname', label: 'Last name', type: 'text', required: true },
      { key: 'email', label: 'Email', type: 'email', required: true },
      { key: 'phone1', label: 'Phone', type: 'phone', required: true },
      { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
    ];
    const industry = await createIndustry(t, admin, { leadCost: 2_500, leadColumns: columns });

    // Register, log in, onboard with a card.
    const password = uniquePassword();
    const c = await registerClient(t, { password });
    const loggedIn = await t.http().post('/api/auth/login').send({ email: c.email, password }).expect(200);
    const login = { accessToken: loggedIn.body.accessToken as string, refreshToken: refreshTokenOf(loggedIn) };
    const token = login.accessToken;
    await t.http().put('/api/onboarding/business-details').set(bearer(token)).send(businessDetails(industry.id)).expect(200);
    const prefs = leadPreferences({
      postcodeAreas: ['M1'],
      dailyCap: 100,
      weeklyCap: null,
      deliveryDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      deliveryStart: '00:00',
      deliveryEnd: '24:00',
    });
    await t.http().put('/api/onboarding/lead-preferences').set(bearer(token)).send(prefs).expect(200);
    await waitForIntegrations(t, token);
    const { url } = (await t.http().post('/api/onboarding/card/checkout-session').set(bearer(token)).expect(201)).body as { url: string };
    const sessionId = await completeHostedCardPage(url, CARD);
    await t.http().post('/api/onboarding/card/confirm').set(bearer(token)).send({ sessionId }).expect(200);

    // A top-up, credited through Stripe's webhook.
    await t.http().post('/api/billing/top-ups').set(bearer(token)).set('Idempotency-Key', randomUUID()).send({ amount: 5_000 }).expect(201);
    await waitForQueuesToDrain(t.queues());

    // A lead posted by LeadByte to the client's inbound URL.
    const inbound = (await t.http().get('/api/account').set(bearer(token)).expect(200)).body.inboundLeadUrl as string;
    const lead = {
      firstname: 'Ann',
      lastname: 'Smith',
      email: `ann.${Date.now()}@example.com`,
      phone1: '07700 900001',
      postcode: 'm1 1ae',
    };
    const posted = await fetch(`${t.sandbox.url}/_sandbox/leadbyte/deliveries`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: `${t.url}${new URL(inbound).pathname}`, lead, leadId: 4242, acceptKeyword: 'accepted' }),
    });
    expect(((await posted.json()) as { status: string }).status).toBe('accepted');

    // A webhook endpoint, an API key and a test event.
    const receiver = await WebhookReceiver.start();
    let webhookSecret: string;
    try {
      const webhook = (
        await t
          .http()
          .post('/api/webhook-endpoints')
          .set(bearer(token))
          .send({ url: receiver.url, description: 'CRM', eventTypes: ['lead.send_data'] })
          .expect(201)
      ).body as { endpoint: { id: string }; secret: string };
      webhookSecret = webhook.secret;
      await t.http().post(`/api/webhook-endpoints/${webhook.endpoint.id}/test`).set(bearer(token)).expect(202);
      await receiver.waitFor((all) => all.some((w) => w.body.type === 'webhook.test'));
    } finally {
      await receiver.close();
    }
    const apiKey = (
      await t
        .http()
        .post('/api/api-keys')
        .set(bearer(token))
        .send({ name: 'CRM sync', scopes: ['leads:read'] })
        .expect(201)
    ).body.key as string;
    await t.http().get('/api/leads').set(bearer(apiKey)).expect(200);
    const campaign = (
      await t
        .http()
        .post('/api/admin/campaigns')
        .set(bearer(admin))
        .send({ name: 'Log campaign', industryId: industry.id, strategy: 'round_robin' })
        .expect(201)
    ).body as { id: string };
    const supplierKey = (
      await t
        .http()
        .post('/api/admin/suppliers')
        .set(bearer(admin))
        .send({ name: 'Log supplier', campaignIds: [campaign.id] })
        .expect(201)
    ).body.apiKey as string;
    await t
      .http()
      .post('/api/leads/ingest')
      .set('X-API-Key', supplierKey)
      .send({ campaignId: campaign.id, fields: { ...lead, email: `bob.${Date.now()}@example.com` } })
      .expect(200);

    // A password reset request; the token only travels by email.
    await t.http().post('/api/auth/forgot-password').send({ email: c.email }).expect(202);
    await waitForQueuesToDrain(t.queues());
    const mail = (await t.inbox.waitFor(c.email, 2)).find((m) => m.subject === 'Reset your LeadFlow password');
    const resetToken = decodeURIComponent(/reset-password\?token=([^\s]+)/.exec(mail?.text ?? '')?.[1] ?? '');
    expect(resetToken.length).toBeGreaterThan(16);

    const [xero] = (await t.db.query(`SELECT access_token_enc, refresh_token_enc FROM xero_connection`)) as Array<{
      access_token_enc: string;
      refresh_token_enc: string;
    }>;
    const encryption = t.app.get(EncryptionService);
    // The capture sees the app's own logger, at debug level, from the API and the worker.
    const canary = `canary-${randomUUID()}`;
    t.app.get(Logger).debug(canary, 'SecretsSpec');
    await waitForQueuesToDrain(t.queues());

    const logs = output.text();
    expect(logs).toContain(canary);
    expect(logs).toContain('"msg":"request completed"');
    expect(logs).toContain('/api/auth/login');
    expect(logs).toMatch(/"level":20,/);

    const secrets: Record<string, string> = {
      inboundToken: new URL(inbound).pathname.split('/').pop()!,
      password,
      card: CARD,
      accessToken: token,
      refreshToken: login.refreshToken,
      registerAccessToken: c.token,
      registerRefreshToken: c.refreshToken,
      webhookSecret: webhookSecret!,
      apiKey,
      supplierKey,
      resetToken,
      xeroAccessToken: encryption.decrypt(xero!.access_token_enc),
      xeroRefreshToken: encryption.decrypt(xero!.refresh_token_enc),
      stripeSecretKey: t.config.stripe.secretKey.reveal(),
      stripeWebhookSecret: t.config.stripe.webhookSecret.reveal(),
      xeroClientSecret: t.config.xero.clientSecret.reveal(),
      leadbyteApiKey: t.config.leadbyte.apiKey.reveal(),
      jwtSecret: t.config.jwtSecret.reveal(),
      encryptionKey: t.config.encryptionKey.reveal(),
    };
    expect(Object.keys(secrets).filter((name) => logs.includes(secrets[name]!))).toEqual([]);
  });
});
