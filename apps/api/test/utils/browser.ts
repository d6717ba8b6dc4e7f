import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(__dirname, '../../../..');
export const WEB_DIR = join(ROOT, 'apps/web');
export const SCREENSHOTS = join(WEB_DIR, 'screenshots');
const VITE_BIN = join(ROOT, 'node_modules/.bin/vite');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A port nobody listens on right now (the OS picks it, we close it again). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface ViteServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * The SPA as users get it: built once per Jest run (every worker waits for the one that builds) into
 * a directory of its own, so `apps/web/dist` and a developer's dev server are left alone. A dev
 * server per test file transformed every module on its first page load and optimised dependencies
 * on first start (reloading open pages when two started together), which made the browser suites
 * slow and flaky on two cores.
 */
async function builtSpa(): Promise<string> {
  const runId = process.env.TEST_TEMPLATE_DATABASE ?? `pid-${process.ppid}`;
  const base = join(tmpdir(), `leadflow-test-web-${runId}`);
  const outDir = join(base, 'dist');
  const done = join(base, 'built');
  try {
    mkdirSync(base);
  } catch {
    // Another worker builds it: wait for its marker (a failed build leaves an error file).
    const deadline = Date.now() + 120_000;
    while (!existsSync(done)) {
      if (existsSync(join(base, 'failed'))) throw new Error(readFileSync(join(base, 'failed'), 'utf8'));
      if (Date.now() > deadline) throw new Error(`The SPA build in ${base} did not finish within 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return outDir;
  }
  const build = spawnSync(VITE_BIN, ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    env: { ...process.env, FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    const message = `vite build failed (${build.status}):\n${build.stdout}${build.stderr}`;
    writeFileSync(join(base, 'failed'), message);
    throw new Error(message);
  }
  writeFileSync(done, new Date().toISOString());
  return outDir;
}

/** The built SPA on `vite preview` (the same proxy as dev: /api to `apiUrl`), in its own process group. */
export async function startVite(port: number, apiUrl: string): Promise<ViteServer> {
  const outDir = await builtSpa();
  const child: ChildProcess = spawn(VITE_BIN, ['preview', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    env: { ...process.env, WEB_PORT: String(port), LEADFLOW_API_URL: apiUrl, BROWSER: 'none', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vite did not answer on ${url} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}

/** Debian's Chromium, headless, driven by playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Polls `check` until it holds (the SPA settles on its own time), failing after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RecordedPageOptions {
  viewport?: { width: number; height: number };
  /** Only console errors logged while the page is on this origin count (the sandbox's card page is another). */
  origin?: string;
  /** Permissions to grant the context on `origin` (e.g. the clipboard). */
  permissions?: string[];
}

/**
 * A page in a fresh context (kept in `contexts` to be closed later) whose uncaught errors and
 * console errors go to `errors`. "Failed to load resource" is left out: a refused call (4xx) logs it.
 */
export async function openRecordedPage(
  browser: Browser,
  contexts: BrowserContext[],
  errors: string[],
  options: RecordedPageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 800 } });
  contexts.push(context);
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: options.origin });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error' || message.text().startsWith('Failed to load resource')) return;
    if (options.origin && !page.url().startsWith(options.origin)) return;
    errors.push(message.text());
  });
  return page;
}

/** Logs in through the SPA's form and waits for the home page. */
export async function logInThroughForm(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${webUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${webUrl}/`);
}
