/**
 * What the benchmarks share: PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL are set),
 * the sandbox, the environment the built API and worker run with, and starting a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startSandbox, type RunningSandbox } from '../../apps/sandbox/src/index';
import { dataSourceOptions } from '../../apps/api/src/app/data-source-options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const services = require('../../scripts/lib/services.cjs') as typeof import('../../scripts/lib/services.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDatabase } = require('../../scripts/lib/database.cjs') as { ensureDatabase: (url: string) => Promise<void> };

export const ROOT = join(__dirname, '..', '..');

/** Things to stop at the end, stopped in reverse order. */
export type Stops = Array<() => Promise<void>>;

export interface Stack {
  databaseUrl: string;
  redisUrl: string;
  sandbox: RunningSandbox;
  /** A migrated database, open with a small pool. */
  db: DataSource;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** PostgreSQL (migrated), Redis and the sandbox; everything started is pushed onto `stops`. `dir` holds the embedded database. */
export async function startStack(dir: string, stops: Stops): Promise<Stack> {
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    // pg_stat_statements, so a benchmark can count the statements a request makes.
    const pg = await services.startPostgres({
      dataDir: join(dir, 'pg'),
      persistent: false,
      settings: ['shared_preload_libraries=pg_stat_statements'],
    });
    stops.push(pg.stop);
    databaseUrl = pg.url;
  }
  await ensureDatabase(databaseUrl);
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await services.startRedis({});
    stops.push(redis.stop);
    redisUrl = redis.url;
  }
  const sandbox = await startSandbox({ port: 0, smtpPort: 0 });
  stops.push(() => sandbox.close());
  const db = new DataSource(dataSourceOptions(databaseUrl, 4));
  await db.initialize();
  stops.push(async () => {
    if (db.isInitialized) await db.destroy();
  });
  await db.runMigrations({ transaction: 'each' });
  return { databaseUrl, redisUrl, sandbox, db };
}

/** The environment of the built API and worker in production mode, against the stack and the sandbox. */
export function appEnv(stack: Stack, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    REDIS_PREFIX: `bench-${Date.now()}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SMTP_URL: `smtp://${stack.sandbox.smtp.host}:${stack.sandbox.smtp.port}`,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_API_URL: stack.sandbox.url,
    STRIPE_WEBHOOK_SECRET: 'whsec_bench',
    LEADBYTE_API_URL: stack.sandbox.leadbyteUrl,
    LEADBYTE_API_KEY: 'bench-leadbyte',
    XERO_CLIENT_ID: 'bench',
    XERO_CLIENT_SECRET: 'bench',
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT_PER_IP: '1000000',
    // The bench drives one lead URL and one supplier key at hundreds of leads a second: far past the default per-sender limit.
    INGEST_RATE_LIMIT_PER_SECOND: '1000000',
    INGEST_RATE_LIMIT_BURST: '1000000',
  };
}

/** Starts `node <args>` from the repository root; resolves once its output contains `ready`. With `ipc`, the child has an IPC channel. */
export function launch(
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
  opts: { ipc?: boolean } = {},
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env,
      stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let started = false;
    const onData = (d: Buffer) => {
      out = (out + String(d)).slice(-20_000);
      if (!started && out.includes(ready)) {
        started = true;
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      if (!started) reject(new Error(`${label} exited (${code ?? signal}):\n${out.slice(-2000)}`));
      else if (code !== 0 && signal !== 'SIGTERM') console.error(`${label} exited (${code ?? signal}):\n${out.slice(-2000)}`);
    });
  });
}

/** Stops a child and waits for it to go (SIGKILL after 10 s). */
export function stopChild(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}
