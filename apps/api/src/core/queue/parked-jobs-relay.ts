import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { JobQueue, REDIS_ADD_TIMEOUT_MS, withTimeout } from './job-queue';
import { ParkedJobsRepository } from './parked-jobs.repository';
import { PollingLoop } from './polling-loop';
import { QUEUE_NAMES, currentQueueOf } from './queues';

const BATCH = 200;

/**
 * In the worker: hands parked jobs (see JobQueue) to their Bull queues once Redis is ready, oldest
 * first, keeping what is left of each job's delay. A batch is deleted in the transaction that
 * queued it, so it commits only once Redis has taken every job; a crash in between queues a job
 * twice at worst, and the job id makes the second add a no-op.
 */
@Injectable()
export class ParkedJobsRelay extends PollingLoop {
  constructor(
    private readonly transactions: Transactions,
    private readonly parked: ParkedJobsRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.webhooks.relayIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    if (!QUEUE_NAMES.every((q) => this.jobs.queue(q).client.status === 'ready')) return false;
    return (await this.tick()) === BATCH;
  }

  /** One batch; answers how many jobs it queued. */
  async tick(): Promise<number> {
    return this.transactions.run(async (tx) => {
      const rows = await this.parked.takeOldest(tx, BATCH);
      if (!rows.length) return 0;
      // Parked by an earlier release: a job goes to the queue that runs it now.
      const routed = rows.map((r) => ({ ...r, queue: currentQueueOf(r.queue, r.name) }));
      const unknown = routed.filter((r) => r.queue === null);
      if (unknown.length) this.logger.error({ ids: unknown.map((r) => r.id) }, 'Parked jobs for no known queue are dropped');
      for (const queue of QUEUE_NAMES) {
        const mine = routed.filter((r) => r.queue === queue);
        if (!mine.length) continue;
        await withTimeout(
          this.jobs.queue(queue).addBulk(mine.map((r) => ({ name: r.name, data: r.data, opts: { ...r.opts, delay: r.delay_ms } }))),
          REDIS_ADD_TIMEOUT_MS * 2,
        );
      }
      await this.parked.delete(
        tx,
        rows.map((r) => r.id),
      );
      this.logger.log({ jobs: rows.length }, 'Parked jobs handed to Redis');
      return rows.length;
    });
  }
}
