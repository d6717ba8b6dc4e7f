import { txOf } from '../core/database/transactions';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { ActivityService } from '../activity/activity.service';
import { Client } from '../accounts/entities/client.entity';
import type { AdjustmentDto, CreditTermsDto, LedgerEntryDto, ReconciliationDto } from './dto/billing.dto';
import { CreditAccount } from './entities/credit-account.entity';
import { Payment } from './entities/payment.entity';
import { LedgerService } from './ledger.service';
import { PaymentsService, toPaymentDto } from './payments.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';

@Injectable()
export class AdminBillingService {
  private readonly logger = new Logger(AdminBillingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly payments: PaymentsService,
    private readonly weekly: WeeklyInvoicesService,
    private readonly activity: ActivityService,
  ) {}

  /** A manual adjustment with a reason; the caller's idempotency key makes a retried request apply once. */
  async adjust(clientId: string, actorUserId: string, dto: AdjustmentDto, idempotencyKey: string): Promise<LedgerEntryDto> {
    if (!(await this.db.manager.exists(Client, { where: { id: clientId } }))) throw new NotFoundException('No client with that id');
    const result = await this.db.transaction(async (tx) => {
      const r = await this.ledger.adjust(
        dto.amount,
        { clientId, cause: `adjustment:${clientId}:${idempotencyKey}`, description: dto.reason, actorUserId },
        txOf(tx),
      );
      if (r.outcome === 'applied') {
        await this.activity.record(txOf(tx), {
          clientId,
          actorUserId,
          action: 'credit.adjusted',
          before: { balance: r.account.balance - dto.amount },
          after: { balance: r.account.balance, amount: dto.amount, reason: dto.reason },
        });
      }
      return r;
    });
    if (result.outcome === 'insufficient') {
      throw new BadRequestException({
        message: 'This adjustment would take the balance below the credit limit',
        details: [{ field: 'amount', messages: ['would take the balance below the credit limit'] }],
      });
    }
    const e = result.entry;
    return {
      id: e.id,
      kind: e.kind,
      amount: e.amount,
      balanceAfter: e.balanceAfter,
      currency: e.currency,
      cause: e.cause,
      description: e.description,
      createdAt: e.createdAt.toISOString(),
    };
  }

  async setCreditTerms(clientId: string, actorUserId: string, dto: CreditTermsDto): Promise<void> {
    if (!(await this.db.manager.exists(Client, { where: { id: clientId } }))) throw new NotFoundException('No client with that id');
    await this.db.transaction(async (tx) => {
      const before = await this.ledger.lockAccount(txOf(tx), clientId);
      if (before.balance < -dto.creditLimit) {
        throw new BadRequestException({
          message: `The balance is already ${before.balance}; the credit limit cannot be lower than ${-before.balance}`,
          details: [{ field: 'creditLimit', messages: ['below what the client already owes'] }],
        });
      }
      await tx.update(CreditAccount, { clientId }, { weeklyTerms: dto.weeklyTerms, creditLimit: dto.creditLimit });
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'credit_terms.updated',
        before: { weeklyTerms: before.weeklyTerms, creditLimit: before.creditLimit },
        after: { ...dto },
      });
    });
  }

  /**
   * Σ ledger = balance for every client, and payments pending for over an hour re-read from
   * Stripe and settled (the "webhook never arrived" case).
   */
  async reconcile(olderThanMs = 60 * 60_000): Promise<ReconciliationDto> {
    const rows: Array<{ client_id: string; balance: string; ledger_sum: string }> = await this.db.query(
      `SELECT a.client_id, a.balance, COALESCE((SELECT sum(amount) FROM ledger_entries e WHERE e.client_id = a.client_id), 0) AS ledger_sum FROM credit_accounts a`,
    );
    const mismatches = rows
      .filter((r) => Number(r.balance) !== Number(r.ledger_sum))
      .map((r) => ({ clientId: r.client_id, balance: Number(r.balance), ledgerSum: Number(r.ledger_sum), inStep: false }));
    if (mismatches.length) this.logger.error({ mismatches }, 'Ledger and balance disagree');

    const stale = await this.db.manager.find(Payment, {
      where: { status: In(['pending', 'requires_action']), createdAt: LessThan(new Date(Date.now() - olderThanMs)) },
    });
    const settled: Payment[] = [];
    for (const p of stale) {
      try {
        if (p.stripePaymentIntentId) await this.payments.refreshIntent(p.stripePaymentIntentId);
        else if (p.stripeInvoiceId) await this.weekly.refreshInvoice(p.stripeInvoiceId);
        const after = await this.db.manager.findOneOrFail(Payment, { where: { id: p.id } });
        if (after.status !== p.status) settled.push(after);
      } catch (err) {
        this.logger.warn({ err, paymentId: p.id }, 'Could not re-read a stale payment from Stripe');
      }
    }
    return { mismatches, clientsChecked: rows.length, stalePaymentsChecked: stale.length, settled: settled.map(toPaymentDto) };
  }
}
