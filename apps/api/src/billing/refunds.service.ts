import type { Tx } from '../core/database/transactions';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { QUEUES } from '../core/queue/queues';
import { LedgerService, type MovementResult } from './ledger.service';

/**
 * Refunds credit for an approved lead report: the ledger credit (once per cause) and, after the
 * transaction commits, one Xero credit note. The leads module calls this when an admin approves.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
  ) {}

  /** Inside the caller's transaction. Call `mirror(result)` after it commits. */
  refund(
    input: { clientId: string; amount: number; cause: string; description: string; actorUserId?: string | null },
    tx?: Tx,
  ): Promise<MovementResult> {
    return this.ledger.refund({ ...input }, tx);
  }

  async mirror(result: MovementResult): Promise<void> {
    if (result.outcome !== 'applied') return;
    await this.jobs.add(
      QUEUES.billing,
      'xero.credit-note',
      { ledgerEntryId: result.entry.id },
      {
        jobId: `xero-credit-note:${result.entry.id}`,
        attempts: this.config.integrations.attempts,
        backoff: { type: 'exponential', delay: this.config.integrations.retryBaseMs },
      },
    );
  }
}
