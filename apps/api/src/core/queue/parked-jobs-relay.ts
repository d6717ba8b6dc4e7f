import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue, REDIS_ADD_TIMEOUT_MS, withTimeout } from './job-queue';
import { PollingLoop } from './polling-loop';
import { QUEUE_NAMES, type QueueName } from './queues';

const BATCH = 200;

interface ParkedRow {
  id: string;
  queue: QueueName;
  name: string;
  data: Record<string, unknown>;
  opts: Record<string, unknown>;
  delay_ms: number;
}

/**
 * In the worker: hands parked jobs (see JobQueue) to their Bull queues once Redis is ready, oldest
 * first, keeping what is left of each job's delay. A batch is deleted in the transaction that
 * queued it, so it commits only once Redis has taken every job; a crash in between queues a job
 * twice at worst, and the job id makes the second add a no-op.
 */
@Injectable()
export class ParkedJobsRelay extends PollingLoop {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    return this.db.transaction(async (tx) => {
      const rows: ParkedRow[] = await tx.query(
        `SELECT id, queue, name, data, opts, GREATEST(0, (EXTRACT(EPOCH FROM run_at - now()) * 1000)::int) AS delay_ms
           FROM parked_jobs ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      const unknown = rows.filter((r) => !QUEUE_NAMES.includes(r.queue));
      if (unknown.length) this.logger.error({ ids: unknown.map((r) => r.id) }, 'Parked jobs for no known queue are dropped');
      for (const queue of QUEUE_NAMES) {
        const mine = rows.filter((r) => r.queue === queue);
        if (!mine.length) continue;
        await withTimeout(
          this.jobs.queue(queue).addBulk(mine.map((r) => ({ name: r.name, data: r.data, opts: { ...r.opts, delay: r.delay_ms } }))),
          REDIS_ADD_TIMEOUT_MS * 2,
        );
      }
      await tx.query(`DELETE FROM parked_jobs WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      this.logger.log({ jobs: rows.length }, 'Parked jobs handed to Redis');
      return rows.length;
    });
  }
}
