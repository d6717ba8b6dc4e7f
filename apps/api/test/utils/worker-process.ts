import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const READY = 'LeadFlow worker ready';

/**
 * The worker entry (`apps/api/src/worker.ts`) as its own OS process, compiled on the fly, so a
 * test can SIGKILL it for real: no shutdown hook runs, locks and connections are simply abandoned.
 */
export class WorkerProcess {
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

  /** Starts a worker with `env` (a TestApp's) and resolves once it reports ready. */
  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', 'api', 'src', 'worker.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env, SWC_NODE_PROJECT: join(ROOT, 'apps', 'api', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`the worker was not ready within ${timeoutMs} ms:\n${worker.output.slice(-3000)}`)), timeoutMs);
      const poll = setInterval(() => {
        if (worker.output.includes(READY)) finish();
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
      void worker.exited.then(({ code, signal }) => finish(new Error(`the worker exited (${code ?? signal}) before it was ready:\n${worker.output.slice(-3000)}`)));
    });
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last 20 KB the worker printed (for failure messages). */
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
