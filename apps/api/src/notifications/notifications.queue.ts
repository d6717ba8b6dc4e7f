import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { NotificationJobName, NotificationJobs, QUEUES } from '../core/queue/queues';

/** Typed producer for the notifications queue (the worker consumes it). */
@Injectable()
export class NotificationsQueue {
  private readonly logger = new Logger(NotificationsQueue.name);

  constructor(@InjectQueue(QUEUES.notifications) private readonly queue: Queue) {}

  /**
   * Queues a job with a deterministic id so the same cause never queues twice. Failure to reach
   * Redis is logged, not thrown: the user's action has already been committed.
   */
  async add<N extends NotificationJobName>(name: N, data: NotificationJobs[N], jobId: string, opts: JobOptions = {}): Promise<void> {
    try {
      await this.queue.add(name, data, { ...opts, jobId });
    } catch (err) {
      this.logger.error({ err, job: name, jobId }, 'Could not queue notification');
    }
  }
}
