import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { QUEUES } from '../core/queue/queues';
import { XeroService } from '../xero';
import { LedgerRepository } from './ledger.repository';
import { PaymentRepository } from './payment.repository';

/** When Xero gets connected, queue every invoice and credit note that waited for it. */
@Injectable()
export class XeroCatchUp implements OnModuleInit {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly jobs: JobQueue,
    private readonly xero: XeroService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.xero.onConnected(async () => {
      await this.run();
    });
  }

  async run(): Promise<number> {
    const opts = {
      attempts: this.config.integrations.attempts,
      backoff: { type: 'exponential', delay: this.config.integrations.retryBaseMs },
    };
    const payments = await this.payments.withoutXeroInvoice();
    const refunds = await this.ledger.refundsWithoutCreditNote();
    const stamp = Date.now();
    for (const p of payments)
      await this.jobs.add(QUEUES.billing, 'xero.invoice', { paymentId: p }, { ...opts, jobId: `xero-invoice:${p}:catch-up:${stamp}` });
    for (const r of refunds)
      await this.jobs.add(
        QUEUES.billing,
        'xero.credit-note',
        { ledgerEntryId: r },
        { ...opts, jobId: `xero-credit-note:${r}:catch-up:${stamp}` },
      );
    return payments.length + refunds.length;
  }
}
