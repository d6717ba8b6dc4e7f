import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../core/config/app-config';
import { QUEUES } from '../core/queue/queues';
import { RetentionService } from './retention.service';

const RETENTION_JOB_ID = 'lead-retention';

/** The privacy queue's one consumer (worker only): the retention run. */
@Processor(QUEUES.privacy)
export class PrivacyProcessor {
  constructor(private readonly retention: RetentionService) {}

  @Process('privacy.retention')
  runRetention(): Promise<{ leads: number; buyers: number }> {
    return this.retention.run();
  }
}

/**
 * Registers the retention run (LEAD_RETENTION_CRON, in the billing time zone) from the worker. Bull
 * keeps one schedule per name, id and cron however many workers register it, so it runs once per
 * tick; a schedule left by an earlier cron is removed.
 */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.privacy) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { retentionCron } = this.config.privacy;
    const tz = this.config.billing.timeZone;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.id === RETENTION_JOB_ID && (job.cron !== retentionCron || job.tz !== tz)) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add('privacy.retention', {}, { repeat: { cron: retentionCron, tz }, jobId: RETENTION_JOB_ID, removeOnComplete: 50 });
  }
}
