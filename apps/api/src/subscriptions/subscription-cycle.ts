import { ConflictException, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { Transactions } from '../core/database/transactions';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesService } from './invoices.service';
import { SubscriptionBilling } from './subscription-billing.service';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionsService } from './subscriptions.service';

const BATCH = 100;
const DAY = 86_400_000;

export interface CycleRun {
  rolled: number;
  issued: number;
  charged: number;
  suspended: number;
}

/**
 * One pass of the subscription cycle at `now` (the worker's repeatable job; tests pass their own
 * clock). In order: changes due at the end of the paid time; the next invoices, issued
 * SUBSCRIPTION_ISSUE_DAYS_BEFORE the paid time runs out; the charges due (first on the period's
 * start, then on the retry days); suspension once the grace period is over. Several workers may
 * run it at once: issuing locks the client and each period has one invoice; charge attempts are
 * claimed with SKIP LOCKED, so each is made once.
 */
@Injectable()
export class SubscriptionCycle {
  private readonly logger = new Logger(SubscriptionCycle.name);

  constructor(
    private readonly tx: Transactions,
    private readonly subscriptions: SubscriptionRepository,
    private readonly invoices: InvoiceRepository,
    private readonly documents: InvoicesService,
    private readonly lifecycle: SubscriptionsService,
    private readonly billing: SubscriptionBilling,
    private readonly config: AppConfig,
  ) {}

  async run(now = new Date()): Promise<CycleRun> {
    const done: CycleRun = { rolled: 0, issued: 0, charged: 0, suspended: 0 };
    for (const clientId of await this.subscriptions.dueToRoll(now, BATCH)) if (await this.lifecycle.roll(clientId, now)) done.rolled++;
    for (const clientId of await this.subscriptions.dueToIssue(now, BATCH)) if (await this.issue(clientId, now)) done.issued++;
    for (const claim of await this.invoices.claimDue(now, this.config.subscriptions.retryDays, BATCH)) {
      try {
        await this.billing.chargeDue(claim);
        done.charged++;
      } catch (err) {
        // Stripe unreachable or the like: this attempt is spent; the next one is on the schedule.
        this.logger.error({ err, invoiceId: claim.id, attempt: claim.attempt }, 'Subscription charge failed to run');
      }
    }
    const cutoff = new Date(now.getTime() - this.config.subscriptions.graceDays * DAY);
    for (const clientId of await this.invoices.graceOver(cutoff, BATCH)) if (await this.lifecycle.suspend(clientId, now)) done.suspended++;
    if (done.rolled + done.issued + done.charged + done.suspended > 0) this.logger.log(done, 'Subscription cycle');
    return done;
  }

  /** Issues the next invoice; another worker that got there first (409) or nothing to bill (422) is not an error. */
  private async issue(clientId: string, now: Date): Promise<boolean> {
    try {
      await this.tx.run((tx) => this.documents.issueNext(tx, clientId, null, now));
      return true;
    } catch (err) {
      if (err instanceof ConflictException) return false;
      if (err instanceof UnprocessableEntityException) {
        // Nothing to bill from then (a move to the free plan is scheduled): the cycle stops looking.
        await this.tx.run((tx) => this.subscriptions.update(tx, clientId, { nextBillAt: null }));
        return false;
      }
      throw err;
    }
  }
}
