import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import Stripe from 'stripe';
import { ActivityService } from '../activity';
import { ClientRepository } from '../clients';
import { Transactions } from '../core/database/transactions';
import { AppConfig } from '../core/config/app-config';
import { toCard } from './cards.service';
import type { CardDto } from './dto/cards.dto';
import type {
  AutoChargeSettingsDto,
  BillingSummaryDto,
  LedgerEntryDto,
  LedgerPageDto,
  LedgerQueryDto,
  PaymentPageDto,
  PaymentsQueryDto,
} from './dto/billing.dto';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { PaymentMethodRepository } from './payment-method.repository';
import { PaymentRepository } from './payment.repository';
import { LedgerRepository, type LedgerFilter } from './ledger.repository';
import type { Payment } from './entities/payment.entity';
import { AutoChargeService } from './auto-charge.service';
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
    private readonly tx: Transactions,
    private readonly clients: ClientRepository,
    private readonly cardRows: PaymentMethodRepository,
    private readonly paymentRows: PaymentRepository,
    private readonly ledgerRows: LedgerRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly ledger: LedgerService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
    private readonly autoCharge: AutoChargeService,
  ) {}

  async summary(clientId: string): Promise<BillingSummaryDto> {
    // Admins pass any id: without this, ensureAccount's insert fails the foreign key (a 500).
    if (!(await this.clients.exists(clientId))) throw new NotFoundException('No client with that id');
    const a = await this.ledger.account(clientId);
    const leadPrice = await this.autoCharge.floorOf(clientId, 0);
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
      leadPrice: leadPrice > 0 ? leadPrice : null,
    };
  }

  async setAutoCharge(clientId: string, actorUserId: string, dto: AutoChargeSettingsDto): Promise<BillingSummaryDto> {
    if (dto.enabled && !(await this.cardRows.defaultOf(clientId))) {
      throw new ConflictException('Add a card before turning auto-charge on');
    }
    await this.tx.run(async (tx) => {
      const before = await this.ledger.lockAccount(tx, clientId);
      await this.ledgerRows.updateSettings(tx, clientId, {
        autoChargeEnabled: dto.enabled,
        autoChargeThreshold: dto.threshold,
        autoChargeAmount: dto.amount,
        ...(dto.enabled ? { autoChargeFailures: 0, autoChargeRetryAfter: null, autoChargeDisabledReason: null } : {}),
      });
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'auto_charge.updated',
        before: { enabled: before.autoChargeEnabled, threshold: before.autoChargeThreshold, amount: before.autoChargeAmount },
        after: { ...dto },
      });
    });
    await this.autoCharge.scheduleIfBelowFloor(clientId);
    return this.summary(clientId);
  }

  /** `forAdmin`: with Stripe's own words for failures. */
  async payments(clientId: string, q: PaymentsQueryDto, forAdmin = false): Promise<PaymentPageDto> {
    const [rows, total] = await this.paymentRows.page(clientId, q.kind as Payment['kind'] | undefined, {
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items: rows.map((p) => toPaymentDto(p, forAdmin)), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  async ledgerPage(clientId: string, q: LedgerQueryDto): Promise<LedgerPageDto> {
    const { rows, meta } = await this.ledgerRows.entries(clientId, q, q.page, q.pageSize);
    return { items: rows.map(toEntry), meta };
  }

  /** The whole filtered ledger as CSV rows (amounts in pounds, newest first), read in batches: no cap. */
  async *ledgerCsvRows(clientId: string, q: LedgerFilter): AsyncGenerator<string[]> {
    for await (const batch of this.ledgerRows.exportBatches(clientId, q))
      for (const e of batch)
        yield [
          e.createdAt.toISOString(),
          e.kind,
          (e.amount / 100).toFixed(2),
          (e.balanceAfter / 100).toFixed(2),
          e.currency,
          e.description ?? '',
          e.cause,
        ];
  }

  async cards(clientId: string): Promise<CardDto[]> {
    return (await this.cardRows.list(clientId)).map(toCard);
  }

  async makeDefault(clientId: string, actorUserId: string, cardId: string): Promise<CardDto[]> {
    const target = await this.cardRows.ofClient(clientId, cardId);
    if (!target) throw new NotFoundException('No card with that id');
    // Stripe first: if it refuses the card, nothing of ours has changed.
    const customer = (await this.clients.byId(clientId))?.stripeCustomerId;
    if (customer) {
      try {
        await this.stripe.customers.update(customer, { invoice_settings: { default_payment_method: target.stripePaymentMethodId } });
      } catch (err) {
        if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeCardError)
          throw new ConflictException(`Stripe refused this card as the default: ${err.message}`);
        throw err;
      }
    }
    await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      await this.cardRows.makeDefault(tx, clientId, cardId);
      await this.activity.record(tx, {
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
    const { card, autoChargeTurnedOff } = await this.tx.run(async (tx) => {
      await this.clients.lock(tx, clientId);
      const target = await this.cardRows.ofClient(clientId, cardId, tx);
      if (!target) throw new NotFoundException('No card with that id');
      await this.cardRows.remove(tx, cardId);
      let off = false;
      if (target.isDefault) {
        const account = await this.ledger.lockAccount(tx, clientId);
        off = account.autoChargeEnabled;
        if (off)
          await this.ledgerRows.updateSettings(tx, clientId, {
            autoChargeEnabled: false,
            autoChargeDisabledReason: 'Turned off because the default card was removed',
          });
      }
      await this.activity.record(tx, {
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
}
