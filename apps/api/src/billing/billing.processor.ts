import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../core/config/app-config';
import { BillingJobs, QUEUES } from '../core/queue/queues';
import { AutoChargeService } from './auto-charge.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';
import { XeroBookkeeping } from './xero-bookkeeping.service';

/** The billing queue's one consumer (worker only): auto-charges, the weekly invoice run, and the Xero documents of payments and refunds. */
@Processor(QUEUES.billing)
export class BillingProcessor {
  private readonly logger = new Logger(BillingProcessor.name);

  constructor(
    private readonly autoCharge: AutoChargeService,
    private readonly weekly: WeeklyInvoicesService,
    private readonly xero: XeroBookkeeping,
  ) {}

  @Process('autocharge.run')
  async runAutoCharge(job: Job<BillingJobs['autocharge.run']>): Promise<string> {
    const outcome = await this.autoCharge.run(job.data.clientId);
    this.logger.log({ clientId: job.data.clientId, outcome }, 'Auto-charge');
    return outcome;
  }

  @Process('billing.weekly-invoices')
  async runWeeklyInvoices(job: Job): Promise<{ period: { start: string; end: string }; invoiced: number }> {
    const { period, invoiced } = await this.weekly.run(new Date(job.timestamp));
    return { period, invoiced: invoiced.length };
  }

  @Process('xero.invoice')
  xeroInvoice(job: Job<BillingJobs['xero.invoice']>): Promise<string> {
    return this.xero.invoice(job);
  }

  @Process('xero.credit-note')
  xeroCreditNote(job: Job<BillingJobs['xero.credit-note']>): Promise<string> {
    return this.xero.creditNote(job);
  }
}

/** Registers the weekly invoice run (Monday 09:00 Europe/London by default) once, from the worker. */
@Injectable()
export class WeeklyInvoiceSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.billing) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      'billing.weekly-invoices',
      {},
      {
        repeat: { cron: this.config.billing.weeklyInvoiceCron, tz: this.config.billing.timeZone },
        jobId: 'weekly-invoices',
        removeOnComplete: 50,
      },
    );
  }
}
