import { Injectable, Logger } from '@nestjs/common';
import { IndustryRepository } from '../catalog';
import { AppConfig } from '../core/config/app-config';
import { Transactions } from '../core/database/transactions';
import { LeadErasureService } from '../leads';
import { ErasureService } from './erasure.service';

/** Leads erased per transaction: short enough that the fan-out lock and the leads' row locks are held briefly. */
const BATCH = 200;

/**
 * Retention: every lead older than its industry's `retentionDays` (else LEAD_RETENTION_DAYS) has its
 * personal data erased, a batch per transaction, oldest first. Safe to run twice, or in two workers
 * at once: a batch locks its leads and skips those another holds, and an erased lead is never
 * picked again.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly industries: IndustryRepository,
    private readonly leads: LeadErasureService,
    private readonly erasure: ErasureService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<{ leads: number; buyers: number }> {
    let leads = 0;
    const buyers = new Set<string>();
    for (const industry of await this.industries.list(true)) {
      const days = industry.retentionDays ?? this.config.privacy.retentionDays;
      const before = new Date(now.getTime() - days * 86_400_000);
      for (;;) {
        const taken = await this.transactions.run(async (tx) => {
          const due = await this.leads.dueForRetention(tx, industry.id, before, BATCH);
          const outcome = await this.erasure.erase(tx, due, 'retention', now);
          leads += outcome.leads;
          outcome.buyers.forEach((b) => buyers.add(b));
          return due.length;
        });
        if (taken < BATCH) break;
      }
    }
    if (leads > 0) this.logger.log({ leads, buyers: buyers.size }, 'Retention: personal data of old leads erased');
    return { leads, buyers: buyers.size };
  }
}
