import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A loop in the worker that polls PostgreSQL: it runs passes back to back while there is more to
 * do, sleeps between passes otherwise, survives a failed pass, and finishes its pass on shutdown.
 */
export abstract class PollingLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;

  /** One pass; true when there may be more to do right away. */
  protected abstract pass(): Promise<boolean>;
  protected abstract intervalMs(): number;

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  /** Stops at once when sleeping; otherwise after the pass under way. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let busy = false;
      try {
        busy = await this.pass();
      } catch (err) {
        this.logger.error({ err }, 'Pass failed; retrying');
      }
      if (!busy) await sleep(this.intervalMs(), undefined, { signal }).catch(() => undefined);
    }
  }
}
