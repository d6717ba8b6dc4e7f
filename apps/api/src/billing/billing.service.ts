import { txOf } from '../core/database/transactions';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { ActivityService } from '../activity/activity.service';
import { Client } from '../accounts/entities/client.entity';
import { AppConfig } from '../core/config/app-config';
import { toCard } from './cards.service';
import type { CardDto } from '../accounts/dto/onboarding.dto';
import type {
  AutoChargeSettingsDto,
  BillingSummaryDto,
  LedgerEntryDto,
  LedgerPageDto,
  LedgerQueryDto,
  PaymentPageDto,
  PaymentsQueryDto,
} from './dto/billing.dto';
import { CreditAccount } from './entities/credit-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { PaymentMethod } from './entities/payment-method.entity';
import { Payment } from './entities/payment.entity';
import { LedgerService } from './ledger.service';
import { toPaymentDto } from './payments.service';
import { STRIPE } from './stripe.provider';

const toEntry = (e: LedgerEntry): LedgerEntryDto => ({
  id: e.id,
  kind: e.kind,
  amount: e.amount,
  balanceAfter: e.balanceAfter,
  currency: e.currency,
  cause: e.cause,
  description: e.description,
  createdAt: e.createdAt.toISOString(),
});

@Injectable()
export class BillingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly ledger: LedgerService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  async summary(clientId: string): Promise<BillingSummaryDto> {
    // Admins pass any id: without this, ensureAccount's insert fails the foreign key (a 500).
    if (!(await this.db.manager.exists(Client, { where: { id: clientId } }))) throw new NotFoundException('No client with that id');
    const a = await this.ledger.account(clientId);
    return {
      balance: a.balance,
      creditLimit: a.creditLimit,
      currency: a.currency,
      weeklyTerms: a.weeklyTerms,
      autoCharge: {
        enabled: a.autoChargeEnabled,
        threshold: a.autoChargeThreshold,
        amount: a.autoChargeAmount,
        consecutiveFailures: a.autoChargeFailures,
        retryAfter: a.autoChargeRetryAfter ? a.autoChargeRetryAfter.toISOString() : null,
        disabledReason: a.autoChargeDisabledReason,
      },
      vat: { rateBps: this.config.billing.vatRateBps, mode: this.config.billing.vatMode },
      topUpLimits: { min: this.config.billing.topUpMin, max: this.config.billing.topUpMax },
    };
  }

  async setAutoCharge(clientId: string, actorUserId: string, dto: AutoChargeSettingsDto): Promise<BillingSummaryDto> {
    if (dto.enabled && !(await this.db.manager.exists(PaymentMethod, { where: { clientId, isDefault: true } }))) {
      throw new ConflictException('Add a card before turning auto-charge on');
    }
    await this.db.transaction(async (tx) => {
      const before = await this.ledger.lockAccount(txOf(tx), clientId);
      await tx.update(
        CreditAccount,
        { clientId },
        {
          autoChargeEnabled: dto.enabled,
          autoChargeThreshold: dto.threshold,
          autoChargeAmount: dto.amount,
          ...(dto.enabled ? { autoChargeFailures: 0, autoChargeRetryAfter: null, autoChargeDisabledReason: null } : {}),
        },
      );
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'auto_charge.updated',
        before: { enabled: before.autoChargeEnabled, threshold: before.autoChargeThreshold, amount: before.autoChargeAmount },
        after: { ...dto },
      });
    });
    return this.summary(clientId);
  }

  async payments(clientId: string, q: PaymentsQueryDto): Promise<PaymentPageDto> {
    const [rows, total] = await this.db.manager.findAndCount(Payment, {
      where: { clientId, ...(q.kind ? { kind: q.kind as Payment['kind'] } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items: rows.map(toPaymentDto), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  async ledgerPage(clientId: string, q: LedgerQueryDto): Promise<LedgerPageDto> {
    const qb = this.ledgerQuery(clientId, q);
    const total = await qb.getCount();
    const rows = await qb
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getMany();
    return { items: rows.map(toEntry), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  /** The whole filtered ledger as CSV (amounts in pounds, newest first). */
  async ledgerCsv(clientId: string, q: LedgerQueryDto): Promise<string> {
    const rows = await this.ledgerQuery(clientId, q).take(50_000).getMany();
    const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = rows.map((e) =>
      [
        e.createdAt.toISOString(),
        e.kind,
        (e.amount / 100).toFixed(2),
        (e.balanceAfter / 100).toFixed(2),
        e.currency,
        e.description ?? '',
        e.cause,
      ]
        .map(esc)
        .join(','),
    );
    return ['date,kind,amount,balance_after,currency,description,reference', ...lines].join('\n') + '\n';
  }

  async cards(clientId: string): Promise<CardDto[]> {
    const rows = await this.db.manager.find(PaymentMethod, { where: { clientId }, order: { isDefault: 'DESC', createdAt: 'ASC' } });
    return rows.map(toCard);
  }

  async makeDefault(clientId: string, actorUserId: string, cardId: string): Promise<CardDto[]> {
    const target = await this.db.manager.findOne(PaymentMethod, { where: { id: cardId, clientId } });
    if (!target) throw new NotFoundException('No card with that id');
    // Stripe first: if it refuses the card, nothing of ours has changed.
    const customer = (await this.db.query('SELECT stripe_customer_id FROM clients WHERE id = $1', [clientId]))[0]?.stripe_customer_id as
      string | undefined;
    if (customer) {
      try {
        await this.stripe.customers.update(customer, { invoice_settings: { default_payment_method: target.stripePaymentMethodId } });
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeCardError)
          throw new ConflictException(`Stripe refused this card as the default: ${err.message}`);
        throw err;
      }
    }
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM clients WHERE id = $1 FOR UPDATE', [clientId]);
      await tx.update(PaymentMethod, { clientId, isDefault: true }, { isDefault: false });
      await tx.update(PaymentMethod, { id: cardId }, { isDefault: true });
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'card.made_default',
        after: { brand: target.brand, last4: target.last4 },
      });
    });
    return this.cards(clientId);
  }

  /** Removes a card (detached in Stripe). Removing the default turns auto-charge off, and says so. */
  async removeCard(clientId: string, actorUserId: string, cardId: string): Promise<{ cards: CardDto[]; autoChargeTurnedOff: boolean }> {
    const { card, autoChargeTurnedOff } = await this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM clients WHERE id = $1 FOR UPDATE', [clientId]);
      const target = await tx.findOne(PaymentMethod, { where: { id: cardId, clientId } });
      if (!target) throw new NotFoundException('No card with that id');
      await tx.delete(PaymentMethod, { id: cardId });
      let off = false;
      if (target.isDefault) {
        const account = await this.ledger.lockAccount(txOf(tx), clientId);
        off = account.autoChargeEnabled;
        if (off)
          await tx.update(
            CreditAccount,
            { clientId },
            { autoChargeEnabled: false, autoChargeDisabledReason: 'Turned off because the default card was removed' },
          );
      }
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'card.removed',
        before: { brand: target.brand, last4: target.last4, default: target.isDefault },
        after: { autoChargeTurnedOff: off },
      });
      return { card: target, autoChargeTurnedOff: off };
    });
    await this.stripe.paymentMethods.detach(card.stripePaymentMethodId).catch(() => undefined);
    return { cards: await this.cards(clientId), autoChargeTurnedOff };
  }

  private ledgerQuery(clientId: string, q: LedgerQueryDto) {
    const qb = this.db.manager
      .createQueryBuilder(LedgerEntry, 'e')
      .where('e.client_id = :clientId', { clientId })
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'ASC');
    if (q.kind) qb.andWhere('e.kind = :kind', { kind: q.kind });
    if (q.from) qb.andWhere('e.created_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('e.created_at < :to', { to: q.to });
    return qb;
  }
}
