import { Transactions } from '../core/database/transactions';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ActivityService } from '../activity';
import { ClientRepository } from '../clients';
import type { AdjustmentDto, CreditTermsDto, LedgerEntryDto, ReconciliationDto } from './dto/billing.dto';
import type { Payment } from './entities/payment.entity';
import { LedgerRepository } from './ledger.repository';
import { PaymentRepository } from './payment.repository';
import { LedgerService } from './ledger.service';
import { PaymentsService, toPaymentDto } from './payments.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';

@Injectable()
export class AdminBillingService {
  private readonly logger = new Logger(AdminBillingService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly clients: ClientRepository,
    private readonly ledgerRows: LedgerRepository,
    private readonly paymentRows: PaymentRepository,
    private readonly ledger: LedgerService,
    private readonly payments: PaymentsService,
    private readonly weekly: WeeklyInvoicesService,
    private readonly activity: ActivityService,
  ) {}

  /** A manual adjustment with a reason; the caller's idempotency key makes a retried request apply once. */
  async adjust(clientId: string, actorUserId: string, dto: AdjustmentDto, idempotencyKey: string): Promise<LedgerEntryDto> {
    if (!(await this.clients.exists(clientId))) throw new NotFoundException('No client with that id');
    const result = await this.tx.run(async (tx) => {
      const r = await this.ledger.adjust(
        dto.amount,
        { clientId, cause: `adjustment:${clientId}:${idempotencyKey}`, description: dto.reason, actorUserId },
        tx,
      );
      if (r.outcome === 'applied') {
        await this.activity.record(tx, {
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
    if (!(await this.clients.exists(clientId))) throw new NotFoundException('No client with that id');
    await this.tx.run(async (tx) => {
      const before = await this.ledger.lockAccount(tx, clientId);
      if (before.balance < -dto.creditLimit) {
        throw new BadRequestException({
          message: `The balance is already ${before.balance}; the credit limit cannot be lower than ${-before.balance}`,
          details: [{ field: 'creditLimit', messages: ['below what the client already owes'] }],
        });
      }
      await this.ledgerRows.updateSettings(tx, clientId, { weeklyTerms: dto.weeklyTerms, creditLimit: dto.creditLimit });
      await this.activity.record(tx, {
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
    const rows = await this.ledgerRows.balancesAndLedgerSums();
    const mismatches = rows.filter((r) => r.balance !== r.ledgerSum).map((r) => ({ ...r, inStep: false }));
    if (mismatches.length) this.logger.error({ mismatches }, 'Ledger and balance disagree');

    const stale = await this.paymentRows.unsettledBefore(new Date(Date.now() - olderThanMs));
    const settled: Payment[] = [];
    for (const p of stale) {
      try {
        if (p.stripePaymentIntentId) await this.payments.refreshIntent(p.stripePaymentIntentId);
        else if (p.stripeInvoiceId) await this.weekly.refreshInvoice(p.stripeInvoiceId);
        const after = await this.paymentRows.get(p.id);
        if (after.status !== p.status) settled.push(after);
      } catch (err) {
        this.logger.warn({ err, paymentId: p.id }, 'Could not re-read a stale payment from Stripe');
      }
    }
    return {
      mismatches,
      clientsChecked: rows.length,
      stalePaymentsChecked: stale.length,
      settled: settled.map((p) => toPaymentDto(p, true)),
    };
  }
}
