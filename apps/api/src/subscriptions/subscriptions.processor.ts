import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../core/config/app-config';
import { QUEUES, type SubscriptionJobs } from '../core/queue/queues';
import { SubscriptionBookkeeping } from './subscription-bookkeeping';
import { SubscriptionCycle, type CycleRun } from './subscription-cycle';

const CYCLE_JOB_ID = 'subscription-cycle';

/** The subscriptions queue's consumer (worker only). */
@Processor(QUEUES.subscriptions)
export class SubscriptionsProcessor {
  constructor(
    private readonly cycle: SubscriptionCycle,
    private readonly bookkeeping: SubscriptionBookkeeping,
  ) {}

  @Process('subscriptions.cycle')
  runCycle(): Promise<CycleRun> {
    return this.cycle.run(new Date());
  }

  @Process('xero.subscription-invoice')
  xeroInvoice(job: Job<SubscriptionJobs['xero.subscription-invoice']>): Promise<string> {
    return this.bookkeeping.invoice(job);
  }

  @Process('xero.subscription-payment')
  xeroPayment(job: Job<SubscriptionJobs['xero.subscription-payment']>): Promise<string> {
    return this.bookkeeping.payment(job);
  }

  @Process('xero.subscription-credit-note')
  xeroCreditNote(job: Job<SubscriptionJobs['xero.subscription-credit-note']>): Promise<string> {
    return this.bookkeeping.creditNote(job);
  }
}

/**
 * Registers the cycle (SUBSCRIPTION_CYCLE_CRON) from the worker. Bull keeps one schedule per name,
 * id and cron however many workers register it; a schedule left by an earlier cron is removed.
 */
@Injectable()
export class SubscriptionCycleSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.subscriptions) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { cycleCron } = this.config.subscriptions;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.id === CYCLE_JOB_ID && job.cron !== cycleCron) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add('subscriptions.cycle', {}, { repeat: { cron: cycleCron }, jobId: CYCLE_JOB_ID, removeOnComplete: 50 });
  }
}
