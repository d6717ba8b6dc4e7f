import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { QUEUES } from '../core/queue/queues';
import { XeroService } from '../xero/xero.service';

/** When Xero gets connected, queue every invoice and credit note that waited for it. */
@Injectable()
export class XeroCatchUp implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
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
    const payments: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM payments WHERE status = 'succeeded' AND xero_invoice_id IS NULL`,
    );
    const refunds: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM ledger_entries WHERE kind = 'refund' AND (meta IS NULL OR NOT meta ? 'xeroCreditNoteId')`,
    );
    const stamp = Date.now();
    for (const p of payments)
      await this.jobs.add(
        QUEUES.billing,
        'xero.invoice',
        { paymentId: p.id },
        { ...opts, jobId: `xero-invoice:${p.id}:catch-up:${stamp}` },
      );
    for (const r of refunds)
      await this.jobs.add(
        QUEUES.billing,
        'xero.credit-note',
        { ledgerEntryId: r.id },
        { ...opts, jobId: `xero-credit-note:${r.id}:catch-up:${stamp}` },
      );
    return payments.length + refunds.length;
  }
}
