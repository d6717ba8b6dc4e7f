import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { PollingLoop } from '../core/queue/polling-loop';
import { QUEUES } from '../core/queue/queues';
import { XeroService } from '../xero';
import { AutoChargeService } from './auto-charge.service';
import { LedgerRepository } from './ledger.repository';
import { PaymentRepository } from './payment.repository';

const BATCH = 100;

/**
 * In the worker: finds billing work that a job should have done and did not — its process died
 * between commit and queueing, or Bull failed it for good after a second stall — once it is older
 * than BILLING_SWEEP_GRACE_MS, and queues it again:
 * - a succeeded payment (or a refund) with no Xero invoice (credit note) while Xero is connected;
 * - an auto-charge still pending, which the auto-charge job finishes (see AutoChargeService.run).
 * Re-running is safe: Xero documents are looked up by reference before they are created, and the
 * auto-charge re-sends its PaymentIntent under the same idempotency key.
 */
@Injectable()
export class BillingSweep extends PollingLoop {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly jobs: JobQueue,
    private readonly xero: XeroService,
    private readonly autoCharge: AutoChargeService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.billing.sweepIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    await this.sweep();
    return false;
  }

  /** One sweep; answers what it queued again. */
  async sweep(): Promise<{ invoices: number; creditNotes: number; autoCharges: number }> {
    const grace = this.config.billing.sweepGraceMs;
    // One job id per payment per grace period: a sweep never piles up jobs for the same document.
    const round = Math.floor(Date.now() / this.config.billing.sweepGraceMs);
    const opts = {
      attempts: this.config.integrations.attempts,
      backoff: { type: 'exponential', delay: this.config.integrations.retryBaseMs },
    };
    let invoices: string[] = [];
    let creditNotes: string[] = [];
    if (await this.xero.isConnected()) {
      invoices = await this.payments.withoutXeroInvoice(grace, BATCH);
      creditNotes = await this.ledger.refundsWithoutCreditNote(grace, BATCH);
    }
    const stuck = await this.payments.clientsWithStuckAutoCharge(grace, BATCH);
    for (const id of invoices)
      await this.jobs.add(QUEUES.billing, 'xero.invoice', { paymentId: id }, { ...opts, jobId: `xero-invoice:${id}:sweep:${round}` });
    for (const id of creditNotes)
      await this.jobs.add(
        QUEUES.billing,
        'xero.credit-note',
        { ledgerEntryId: id },
        { ...opts, jobId: `xero-credit-note:${id}:sweep:${round}` },
      );
    for (const clientId of stuck) await this.autoCharge.schedule(clientId);
    const found = { invoices: invoices.length, creditNotes: creditNotes.length, autoCharges: stuck.length };
    if (found.invoices + found.creditNotes + found.autoCharges > 0) this.logger.warn(found, 'Billing work left undone was queued again');
    return found;
  }
}
