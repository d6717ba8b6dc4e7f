import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/lib/services.cjs';
import { newUser } from './utils/test-app';

const root = join(__dirname, '..', '..', '..');

/** Runs `npm start`'s script the way a person would, with no DATABASE_URL/REDIS_URL: embedded servers. */
async function startProduct(dataDir: string, port: number, build: boolean): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LEADFLOW_DATA_DIR: dataDir,
    PORT: String(port),
    LEADFLOW_WEB: '0',
    LEADFLOW_SKIP_BUILD: build ? '0' : '1',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.SMTP_URL;
  delete env.JWT_SECRET;
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  const deadline = Date.now() + 90_000;
  while (!out.includes('LeadFlow is running')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadflow-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything with demo data and keeps data across a restart', async () => {
    const port = await freePort();
    const api = `http://127.0.0.1:${port}/api`;
    const first = await startProduct(dataDir, port, true);
    expect(first.output()).toContain('admin@leadflow.test / leadflow-admin-1');
    const health = await fetch(`${api}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });

    const admin = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@leadflow.test', password: 'leadflow-admin-1' }),
    });
    expect(admin.status).toBe(200);
    const user = newUser();
    const reg = await fetch(`${api}/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(user),
    });
    expect(reg.status).toBe(201);
    // The worker sends the welcome email to the sandbox's mail catcher.
    const sandboxUrl = /Sandbox\s+(http:\/\/\S+)/.exec(first.output())?.[1];
    expect(sandboxUrl).toBeDefined();
    // "Continue with Google" works out of the box, against the sandbox's OpenID Connect provider.
    expect(await (await fetch(`${api}/auth/oidc/providers`)).json()).toEqual([{ id: 'google', label: 'Google' }]);
    const google = await fetch(`${api}/auth/oidc/google/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(google.status).toBe(200);
    const authorize = new URL(((await google.json()) as { authorizeUrl: string }).authorizeUrl);
    expect([authorize.pathname, authorize.port]).toEqual(['/oidc/authorize', new URL(sandboxUrl!).port]);
    let subjects: string[] = [];
    for (let i = 0; i < 100 && !subjects.includes('Welcome to LeadFlow'); i += 1) {
      const mail = (await (await fetch(`${sandboxUrl}/_sandbox/mail?to=${encodeURIComponent(user.email)}`)).json()) as {
        data: Array<{ subject: string }>;
      };
      subjects = mail.data.map((m) => m.subject);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(subjects).toEqual(['Welcome to LeadFlow']);
    expect(await stop(first.child)).toBe(0);

    const second = await startProduct(dataDir, port, false);
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(login.status).toBe(200);
    // The demo data was loaded idempotently: still exactly one demo admin.
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    expect(token).toBeTruthy();
    const adminToken = (
      (await (
        await fetch(`${api}/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'admin@leadflow.test', password: 'leadflow-admin-1' }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;
    const admins = (await (
      await fetch(`${api}/admin/users?role=admin`, { headers: { Authorization: `Bearer ${adminToken}` } })
    ).json()) as { meta: { total: number } };
    expect(admins.meta.total).toBe(1);
    const industries = (await (await fetch(`${api}/industries`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as Array<{
      name: string;
    }>;
    expect(industries.map((i) => i.name)).toEqual(['Boilers', 'Conveyancing', 'Solar panels']);
    expect(await stop(second.child)).toBe(0);
  }, 180_000);
});
