import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../database/transactions';
import { ParkedJob } from './parked-job.entity';

export interface ParkedRow {
  id: string;
  /** As it was added: possibly a queue of an earlier release (see currentQueueOf). */
  queue: string;
  name: string;
  data: Record<string, unknown>;
  opts: Record<string, unknown>;
  /** What is left of the job's delay. */
  delay_ms: number;
}

/** The parked_jobs table: jobs waiting in PostgreSQL for Redis to come back. */
@Injectable()
export class ParkedJobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async park(job: { queue: string; name: string; data: object; opts: object; runAt: Date; reason: string }): Promise<void> {
    await this.db.manager.insert(ParkedJob, { ...job, data: job.data as never, opts: job.opts as never });
  }

  /** The oldest jobs, locked for the caller's transaction; rows another relay holds are skipped. */
  takeOldest(tx: Tx, limit: number): Promise<ParkedRow[]> {
    return managerOf(this.db, tx).query(
      `SELECT id, queue, name, data, opts, GREATEST(0, (EXTRACT(EPOCH FROM run_at - now()) * 1000)::int) AS delay_ms
         FROM parked_jobs ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async delete(tx: Tx, ids: string[]): Promise<void> {
    await managerOf(this.db, tx).query(`DELETE FROM parked_jobs WHERE id = ANY($1::bigint[])`, [ids]);
  }
}
