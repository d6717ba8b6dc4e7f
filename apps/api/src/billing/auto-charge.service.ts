import { Transactions } from '../core/database/transactions';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AppConfig } from '../core/config/app-config';
import { MetricsService } from '../core/metrics/metrics.service';
import { JobQueue } from '../core/queue/job-queue';
import { QUEUES } from '../core/queue/queues';
import { CampaignsService } from '../catalog';
import { OutboxService } from '../outbox';
import type { Payment } from './entities/payment.entity';
import { LedgerRepository } from './ledger.repository';
import { PaymentMethodRepository } from './payment-method.repository';
import { PaymentRepository } from './payment.repository';
import { LedgerService } from './ledger.service';
import { PaymentsService } from './payments.service';

export const MAX_AUTO_CHARGE_FAILURES = 3;

/**
 * Auto-charge: after a charge leaves the balance under the client's threshold, one job per client
 * (deterministic job id) tops up the configured amount off-session on the default card.
 */
@Injectable()
export class AutoChargeService implements OnModuleInit {
  private readonly logger = new Logger(AutoChargeService.name);
  private readonly burst?: Counter;

  constructor(
    private readonly tx: Transactions,
    private readonly ledgerRows: LedgerRepository,
    private readonly paymentRows: PaymentRepository,
    private readonly cards: PaymentMethodRepository,
    private readonly jobs: JobQueue,
    private readonly ledger: LedgerService,
    private readonly payments: PaymentsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly pricing: CampaignsService,
    metrics: MetricsService,
  ) {
    this.burst = metrics.counter('auto_charge_burst_alerts_total', 'Clients auto-charged three or more times within 10 minutes');
  }

  onModuleInit(): void {
    this.ledger.onAfterCharge(async (account, entry) => {
      const before = entry.balanceAfter - entry.amount;
      const after = entry.balanceAfter;
      const event = (type: 'credits.zero' | 'credits.low') =>
        this.tx.run((tx) =>
          this.outbox.record(tx, {
            type,
            aggregateType: 'client',
            aggregateId: account.clientId,
            clientId: account.clientId,
            payload: { clientId: account.clientId, balance: after, threshold: account.autoChargeThreshold },
          }),
        );
      // Events on crossing, not on every charge below the line.
      if (before > 0 && after <= 0) await event('credits.zero');
      else if (account.autoChargeThreshold > 0 && before >= account.autoChargeThreshold && after < account.autoChargeThreshold)
        await event('credits.low');
      // Below the threshold, or unable to pay for another lead at this one's price: top up now.
      if (account.autoChargeEnabled && after < Math.max(account.autoChargeThreshold, -entry.amount)) await this.schedule(account.clientId);
    });
    // A lead refused for credit: the client's next charge will never come, so it must not wait for one.
    this.ledger.onCreditRefused(async (clientId) => {
      const account = await this.ledger.account(clientId);
      if (account.autoChargeEnabled && account.autoChargeAmount > 0) await this.schedule(clientId);
    });
  }

  /**
   * The balance auto-charge keeps the account above: the threshold, or the price of one lead when
   * that is higher (a balance under the lead price refuses every lead, whatever the threshold says).
   */
  async floorOf(clientId: string, threshold: number): Promise<number> {
    return Math.max(threshold, (await this.pricing.highestLeadPrice(clientId)) ?? 0);
  }

  /** After the settings changed: a client already under its floor is charged now, not at its next lead. */
  async scheduleIfBelowFloor(clientId: string): Promise<void> {
    const account = await this.ledger.account(clientId);
    if (!account.autoChargeEnabled || account.autoChargeAmount <= 0) return;
    if (account.balance < (await this.floorOf(clientId, account.autoChargeThreshold))) await this.schedule(clientId);
  }

  /** At most one job waiting or running per client: the job id is the client's. */
  async schedule(clientId: string): Promise<void> {
    await this.jobs.add(
      QUEUES.billing,
      'autocharge.run',
      { clientId },
      { jobId: `autocharge:${clientId}`, removeOnComplete: true, removeOnFail: true, attempts: 1 },
    );
  }

  /** The job: re-reads everything, and does nothing unless a charge is still needed and allowed. */
  async run(clientId: string): Promise<'skipped' | 'charged' | 'failed' | 'requires_action'> {
    const account = await this.ledger.account(clientId);
    const card = await this.cards.defaultOf(clientId);
    // A run killed mid-charge left its payment pending (maybe charged at Stripe, maybe never sent):
    // finish that one, under its own idempotency key, before deciding on a new charge.
    const unfinished = await this.paymentRows.unfinishedAutoCharges(clientId);
    for (const left of unfinished) {
      const wanted = account.autoChargeEnabled && account.autoChargeAmount > 0 ? card : null;
      const resumed = await this.payments.resumeCharge(left, wanted, { offSession: true });
      if (resumed.status !== 'pending' && resumed.status !== 'canceled') return this.outcome(clientId, resumed);
    }
    if (!account.autoChargeEnabled || account.autoChargeAmount <= 0) return 'skipped';
    const inFlight = await this.paymentRows.cardPaymentsInFlight(clientId);
    const incoming = inFlight.reduce((sum, p) => sum + p.netAmount, 0);
    if (account.balance + incoming >= (await this.floorOf(clientId, account.autoChargeThreshold))) return 'skipped';
    if (account.autoChargeRetryAfter && account.autoChargeRetryAfter.getTime() > Date.now()) {
      // A manual top-up since the failure means the card works again: do not wait out the back-off.
      const recovered = await this.paymentRows.topUpSucceededSince(
        clientId,
        new Date(account.autoChargeRetryAfter.getTime() - this.backoffMs()),
      );
      if (!recovered) return 'skipped';
    }
    if (!card) return 'skipped';

    const recent = await this.paymentRows.autoChargesSince(clientId, new Date(Date.now() - 10 * 60_000));
    if (recent >= 2) {
      this.burst?.inc();
      this.logger.error({ clientId, recentAutoCharges: recent + 1 }, 'Alert: three or more auto-charges for one client within 10 minutes');
    }
    const payment = await this.payments.createPayment(
      clientId,
      'auto_charge',
      account.autoChargeAmount,
      `autocharge:${clientId}:${Date.now()}`,
    );
    return this.outcome(clientId, await this.payments.chargeCard(payment, card, { offSession: true }));
  }

  private async outcome(clientId: string, result: Payment): Promise<'skipped' | 'charged' | 'failed' | 'requires_action'> {
    if (result.status === 'succeeded' || result.status === 'pending') {
      await this.ledgerRows.updateSettings(undefined, clientId, { autoChargeFailures: 0, autoChargeRetryAfter: null });
      return 'charged';
    }
    if (result.status === 'requires_action') return 'requires_action';
    if (result.status === 'canceled') return 'skipped';
    await this.recordFailure(clientId, result.failureReason ?? 'The card was declined');
    return 'failed';
  }

  private async recordFailure(clientId: string, reason: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const account = await this.ledger.lockAccount(tx, clientId);
      const failures = account.autoChargeFailures + 1;
      const off = failures >= MAX_AUTO_CHARGE_FAILURES;
      await this.ledgerRows.updateSettings(tx, clientId, {
        autoChargeFailures: failures,
        autoChargeRetryAfter: new Date(Date.now() + this.backoffMs()),
        ...(off
          ? {
              autoChargeEnabled: false,
              autoChargeDisabledReason: `Turned off after ${failures} failed charges in a row (last: ${reason})`,
            }
          : {}),
      });
      await this.outbox.record(tx, {
        type: 'auto_charge.failed',
        aggregateType: 'client',
        aggregateId: clientId,
        clientId,
        payload: { clientId, reason, consecutiveFailures: failures, autoChargeTurnedOff: off },
      });
    });
  }

  private backoffMs(): number {
    return this.config.billing.autoChargeBackoffMinutes * 60_000;
  }
}
