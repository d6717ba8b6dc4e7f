import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The two entry points and the line each prints once it serves. */
const ENTRIES = {
  api: { file: 'main.ts', ready: 'LeadFlow API listening' },
  worker: { file: 'worker.ts', ready: 'LeadFlow worker ready' },
} as const;
export type AppEntry = keyof typeof ENTRIES;

/**
 * An entry point of `apps/api/src` (the API's `main.ts` or the worker's `worker.ts`) as its own OS
 * process, compiled on the fly: nothing shared with the test's process but PostgreSQL and Redis, and
 * it can be SIGKILLed for real (no shutdown hook runs, locks and connections are simply abandoned).
 */
export class AppProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    const keep = (d: Buffer): void => {
      this.output = (this.output + String(d)).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `entry` with `env` (a TestApp's, plus e.g. `PORT`) and resolves once it reports ready. */
  static async start(entry: AppEntry, env: Record<string, string>, timeoutMs = 30_000): Promise<AppProcess> {
    const { file, ready } = ENTRIES[entry];
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', 'api', 'src', file)], {
      cwd: ROOT,
      env: { ...process.env, HOST: '127.0.0.1', ...env, SWC_NODE_PROJECT: join(ROOT, 'apps', 'api', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`the ${entry} was not ready within ${timeoutMs} ms:\n${started.output.slice(-3000)}`)),
        timeoutMs,
      );
      const poll = setInterval(() => {
        if (started.output.includes(ready)) finish();
      }, 20);
      let settled = false;
      const finish = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        if (err) {
          child.kill('SIGKILL');
          reject(err);
        } else resolve();
      };
      void started.exited.then(({ code, signal }) =>
        finish(new Error(`the ${entry} exited (${code ?? signal}) before it was ready:\n${started.output.slice(-3000)}`)),
      );
    });
    return started;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last 20 KB the process printed (for failure messages). */
  logs(): string {
    return this.output;
  }

  /** SIGKILL, then waits until the process is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    this.child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}
