import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobOptions, Queue } from 'bull';
import { ParkedJobsRepository } from './parked-jobs.repository';
import type { JobData, JobName, QueueName } from './queues';

/** How long a ready Redis gets to take one job before it is parked in PostgreSQL instead. */
export const REDIS_ADD_TIMEOUT_MS = 2_000;

/** Options for a job that must not be lost; the id makes a second add of the same cause a no-op. */
export type DurableJobOptions = JobOptions & { jobId: string };

/**
 * Queues the work that follows a committed change (emails, Xero invoices, auto-charges). Redis is
 * not needed for the change itself: when it is down, or does not answer in time, the job is parked
 * in PostgreSQL and the worker's ParkedJobsRelay queues it once Redis is back. It never throws for
 * Redis and never waits on a Redis that is reconnecting.
 */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly parked: ParkedJobsRepository,
  ) {}

  queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** 'queued' when Redis took it, 'parked' when it waits in PostgreSQL for the relay ('lost', logged, only if both are down). */
  async add<Q extends QueueName, N extends JobName<Q>>(
    queueName: Q,
    name: N,
    data: JobData<Q, N>,
    opts: DurableJobOptions,
  ): Promise<'queued' | 'parked' | 'lost'> {
    const queue = this.queue(queueName);
    let reason: string;
    // Still making its first connection: worth the wait. Reconnecting or closed: Redis is away.
    const status = queue.client.status;
    if (!['ready', 'wait', 'connecting', 'connect'].includes(status)) {
      reason = `Redis is ${status}`;
    } else {
      try {
        await withTimeout(queue.add(name, data as object, opts), REDIS_ADD_TIMEOUT_MS);
        return 'queued';
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
    }
    const { delay, ...rest } = opts;
    try {
      await this.parked.park({
        queue: queueName,
        name,
        data: data as object,
        opts: rest,
        runAt: new Date(Date.now() + (delay ?? 0)),
        reason,
      });
    } catch (err) {
      this.logger.error(
        { err, queue: queueName, job: name, jobId: opts.jobId, reason },
        'Neither Redis nor PostgreSQL took a job: it is lost',
      );
      return 'lost';
    }
    this.logger.warn(
      { queue: queueName, job: name, jobId: opts.jobId, reason },
      'Redis did not take a job; parked in PostgreSQL until it is back',
    );
    return 'parked';
  }
}

export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
