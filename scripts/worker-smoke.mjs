#!/usr/bin/env node
/**
 * Boots the compiled worker process against real PostgreSQL/Redis (use through with-services.mjs),
 * waits for it to report ready, stops it with SIGTERM, and expects a clean exit.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  JWT_SECRET: process.env.JWT_SECRET ?? 'worker-smoke-test-secret-0123456789abcdef',
  SMTP_URL: process.env.SMTP_URL ?? 'smtp://127.0.0.1:2525',
  REDIS_PREFIX: 'worker-smoke',
  // The worker boots without calling these services; placeholders satisfy config validation.
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  STRIPE_SECRET_KEY: 'sk_test_worker_smoke',
  STRIPE_WEBHOOK_SECRET: 'whsec_worker_smoke',
  LEADBYTE_API_URL: 'http://127.0.0.1:9',
  LEADBYTE_API_KEY: 'worker-smoke-key',
  XERO_CLIENT_ID: 'worker-smoke',
  XERO_CLIENT_SECRET: 'worker-smoke',
};
const child = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'worker.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d) => (out += d));
child.stderr.on('data', (d) => (out += d));

const fail = (why) => {
  console.error(`worker smoke test failed: ${why}\n${out}`);
  child.kill('SIGKILL');
  process.exit(1);
};
const timer = setTimeout(() => fail('not ready within 30 s'), 30_000);
child.on('exit', (code) => {
  if (!out.includes('LeadFlow worker ready')) fail(`exited (${code}) before it was ready`);
});
const poll = setInterval(() => {
  if (!out.includes('LeadFlow worker ready')) return;
  clearInterval(poll);
  clearTimeout(timer);
  const ready = /"queues":\[(.*?)\]/.exec(out)?.[1];
  child.removeAllListeners('exit');
  const kill = setTimeout(() => fail('did not stop within 10 s of SIGTERM'), 10_000);
  child.on('exit', (code) => {
    clearTimeout(kill);
    if (code !== 0) fail(`exit code ${code} after SIGTERM`);
    console.log(`worker smoke test passed: ready with queues ${ready}, stopped cleanly`);
    process.exit(0);
  });
  child.kill('SIGTERM');
}, 50);
