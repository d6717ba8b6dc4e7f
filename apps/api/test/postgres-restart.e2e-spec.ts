import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app/data-source-options';
import { freePort } from '../../../scripts/lib/services.cjs';
import { bearer } from './utils/actors';
import { newUser, TestApp } from './utils/test-app';
import { until } from './utils/until';

const SERVICES = join(__dirname, '../../../scripts/lib/services.cjs');

/** A private embedded PostgreSQL in its own process (stopped cleanly on SIGTERM), so the test can stop and start it. */
async function startPostgres(dataDir: string, port: number): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  const code = `
    const services = require(${JSON.stringify(SERVICES)});
    services.startPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true, port: ${port} }).then((pg) => {
      process.stdout.write(JSON.stringify({ adminUrl: pg.adminUrl }) + '\\n');
      process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
    }, (err) => { console.error(err); process.exit(1); });`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { adminUrl: string }).adminUrl);
    });
    child.once('exit', (c) => reject(new Error(`PostgreSQL did not start (exit ${c})`)));
  });
  return {
    adminUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('a PostgreSQL restart during traffic', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadflow-pg-restart-'));
  let port: number;
  let pg: { adminUrl: string; stop: () => Promise<void> };
  let t: TestApp;

  beforeAll(async () => {
    port = await freePort();
    pg = await startPostgres(dataDir, port);
    const admin = new Client({ connectionString: pg.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE leadflow_test_restart');
    await admin.end();
    const url = pg.adminUrl.replace(/\/postgres$/, '/leadflow_test_restart');
    const migrate = new DataSource(dataSourceOptions(url, 2));
    await migrate.initialize();
    await migrate.runMigrations();
    await migrate.destroy();
    t = await TestApp.create({ worker: false, env: { DATABASE_URL: url } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, and recovers by itself when it is back', async () => {
    const reg = (await t.http().post('/api/auth/register').send(newUser()).expect(201)).body;
    await t.http().get('/api/auth/me').set(bearer(reg.accessToken)).expect(200);

    await pg.stop();
    const down = await t.http().get('/api/auth/me').set(bearer(reg.accessToken));
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly' });
    const signup = await t.http().post('/api/auth/register').send(newUser());
    expect(signup.status).toBe(503);
    const health = await t.http().get('/api/health');
    expect(health.status).toBe(503);

    pg = await startPostgres(dataDir, port);
    await until(
      'the API to answer again',
      () =>
        t
          .http()
          .get('/api/auth/me')
          .set(bearer(reg.accessToken))
          .then((r) => r.status),
      (s) => s === 200,
      30_000,
      100,
    );
    await t.http().post('/api/auth/register').send(newUser()).expect(201);
    await t.http().get('/api/health').expect(200);
  });
});
