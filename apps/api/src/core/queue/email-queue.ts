import { Injectable } from '@nestjs/common';
import type { JobOptions } from 'bull';
import { JobQueue } from './job-queue';
import { EmailJobName, EmailJobs, QUEUES } from './queues';

/** Typed producer for the email queue (the notifications worker consumes it). */
@Injectable()
export class NotificationsQueue {
  constructor(private readonly jobs: JobQueue) {}

  /**
   * Queues a job with a deterministic id so the same cause never queues twice. The user's action has
   * already been committed: if Redis is away the job is parked in PostgreSQL, never lost or thrown.
   */
  async add<N extends EmailJobName>(name: N, data: EmailJobs[N], jobId: string, opts: JobOptions = {}): Promise<void> {
    await this.jobs.add(QUEUES.email, name, data, { ...opts, jobId });
  }
}
