import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import Bull, { type Job, type JobOptions, type Queue } from 'bull';
import { AppConfig } from '../config/app-config';
import { JobQueue, withTimeout } from './job-queue';
import { LEGACY_QUEUES, MOVED_JOBS, currentQueueOf, type QueueName } from './queues';

/** Bull's message when a queue has no handler for a job's name (a job that moved to another queue). */
const NO_HANDLER = 'Missing process handler for job type';

/**
 * On deploy, in the worker: jobs an earlier release left in queues that no longer exist (or that
 * no longer run them) are moved to the queue that runs them now — same name, data and job id, what
 * is left of the delay — and removed from the old one; the old queues' repeatable schedules are
 * dropped (the current worker registers its own). Jobs that were active finish in the old worker
 * (graceful shutdown), failed ones stay as history. Safe to run on every boot and by two workers
 * at once: a job id taken by the new queue makes the second add a no-op.
 */
@Injectable()
export class LegacyQueueDrain implements OnApplicationBootstrap {
  private readonly logger = new Logger(LegacyQueueDrain.name);

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await withTimeout(this.drain(), 30_000);
    } catch (err) {
      // Redis away at boot: the jobs wait in Redis for the next boot; nothing is lost.
      this.logger.warn({ err }, 'Old queues not drained');
    }
  }

  /** Answers how many jobs moved. */
  async drain(): Promise<number> {
    let moved = 0;
    for (const name of Object.keys(LEGACY_QUEUES)) {
      moved += await this.withQueue(name, async (queue) => {
        for (const repeat of await queue.getRepeatableJobs()) await queue.removeRepeatableByKey(repeat.key);
        return this.moveAll(name, await queue.getJobs(['waiting', 'delayed', 'paused']));
      });
    }
    const sources = [...new Set(Object.values(MOVED_JOBS).map((m) => m.from))];
    for (const name of sources) {
      const queue = this.jobs.queue(name);
      const waiting = (await queue.getJobs(['waiting', 'delayed', 'paused'])).filter((j) => MOVED_JOBS[j.name]?.from === name);
      // Picked up by this queue's processor before the drain ran: failed for want of a handler.
      const failed = (await queue.getFailed()).filter((j) => MOVED_JOBS[j.name]?.from === name && j.failedReason?.startsWith(NO_HANDLER));
      moved += await this.moveAll(name, [...waiting, ...failed]);
    }
    if (moved) this.logger.log({ jobs: moved }, 'Jobs of old queues moved to the queues that run them now');
    return moved;
  }

  private async moveAll(from: string, jobs: Job[]): Promise<number> {
    let moved = 0;
    for (const job of jobs) {
      const to = currentQueueOf(from, job.name);
      if (!to || to === from) continue;
      await this.jobs.queue(to).add(job.name, job.data, this.optionsOf(job, to));
      await job.remove();
      moved++;
    }
    return moved;
  }

  private optionsOf(job: Job, to: QueueName): JobOptions {
    const { repeat: _repeat, delay, jobId, ...opts } = job.opts;
    const left = delay ? Math.max(0, job.timestamp + delay - Date.now()) : 0;
    return { ...opts, delay: left, jobId: jobId ?? `${to}:moved:${job.id}` };
  }

  private async withQueue(name: string, work: (queue: Queue) => Promise<number>): Promise<number> {
    const queue = new Bull(name, this.config.redisUrl.reveal(), { prefix: `${this.config.redisPrefix}:bull` });
    try {
      return await work(queue);
    } finally {
      await queue.close();
    }
  }
}
