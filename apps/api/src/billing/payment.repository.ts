import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, LessThan, MoreThan, type DataSource, type FindOptionsWhere } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import type { XeroInvoiceRef } from '../xero';
import { Payment, type PaymentKind } from './entities/payment.entity';

/** One payment, found by what identifies it. */
export type PaymentKey =
  | { id: string; clientId?: string; kind?: PaymentKind; stripePaymentIntentId?: string }
  | { clientId: string; idempotencyKey: string }
  | { stripePaymentIntentId: string }
  | { stripeInvoiceId: string }
  | { clientId: string; kind: 'weekly_request'; periodStart: string };

export type PaymentPatch = Partial<
  Pick<
    Payment,
    | 'status'
    | 'failureReason'
    | 'failureDetail'
    | 'nextActionUrl'
    | 'settledAt'
    | 'stripePaymentIntentId'
    | 'stripeInvoiceId'
    | 'hostedInvoiceUrl'
  >
>;

/** payments: every money-in (top-ups, auto-charges, weekly invoices) and its state at Stripe. */
@Injectable()
export class PaymentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  one(key: PaymentKey, tx?: Tx): Promise<Payment | null> {
    return managerOf(this.db, tx).findOne(Payment, { where: key as FindOptionsWhere<Payment> });
  }

  async get(id: string, tx?: Tx): Promise<Payment> {
    return managerOf(this.db, tx).findOneOrFail(Payment, { where: { id } });
  }

  /** Locks the payment's row for the rest of the transaction. */
  lock(tx: Tx, id: string): Promise<Payment | null> {
    return managerOf(this.db, tx).findOne(Payment, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts a pending payment unless its idempotency key is taken; answers the stored row either way. */
  async insertPending(
    values: Partial<Payment> & { clientId: string; idempotencyKey: string },
    tx?: Tx,
  ): Promise<{ payment: Payment; inserted: boolean }> {
    const m = managerOf(this.db, tx);
    const result = await m.createQueryBuilder().insert().into(Payment).values(values).orIgnore().returning('*').execute();
    const row = (result.raw as Array<{ id: string }>)[0];
    const payment = await m.findOneOrFail(Payment, {
      where: row ? { id: row.id } : { clientId: values.clientId, idempotencyKey: values.idempotencyKey },
    });
    return { payment, inserted: Boolean(row) };
  }

  async update(id: string, patch: PaymentPatch, tx?: Tx): Promise<void> {
    await managerOf(this.db, tx).update(Payment, { id }, patch);
  }

  /** Stores the PaymentIntent's id unless the payment has one already. */
  async adoptIntent(id: string, intentId: string): Promise<void> {
    await this.db.manager
      .createQueryBuilder()
      .update(Payment)
      .set({ stripePaymentIntentId: intentId })
      .where('id = :id AND stripe_payment_intent_id IS NULL', { id })
      .execute();
  }

  /** Stores the Xero invoice's id unless one is stored already. */
  async linkXeroInvoice(id: string, invoice: XeroInvoiceRef): Promise<void> {
    await this.db.query('UPDATE payments SET xero_invoice_id = $2, xero_invoice_number = $3 WHERE id = $1 AND xero_invoice_id IS NULL', [
      id,
      invoice.invoiceId,
      invoice.invoiceNumber,
    ]);
  }

  succeededCount(tx: Tx, clientId: string): Promise<number> {
    return managerOf(this.db, tx).count(Payment, { where: { clientId, status: 'succeeded' } });
  }

  /** Newest first. */
  page(clientId: string, kind: PaymentKind | undefined, page: { skip: number; take: number }): Promise<[Payment[], number]> {
    return this.db.manager.findAndCount(Payment, {
      where: { clientId, ...(kind ? { kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      ...page,
    });
  }

  /** Auto-charges left pending by a run that died, oldest first. */
  unfinishedAutoCharges(clientId: string): Promise<Payment[]> {
    return this.db.manager.find(Payment, { where: { clientId, kind: 'auto_charge', status: 'pending' }, order: { createdAt: 'ASC' } });
  }

  /** Card payments not settled yet (their credit is on its way). */
  cardPaymentsInFlight(clientId: string): Promise<Payment[]> {
    return this.db.manager.find(Payment, {
      where: { clientId, status: In(['pending', 'requires_action']), kind: In(['manual_top_up', 'auto_charge']) },
    });
  }

  topUpSucceededSince(clientId: string, since: Date): Promise<boolean> {
    return this.db.manager.exists(Payment, { where: { clientId, kind: 'manual_top_up', status: 'succeeded', settledAt: MoreThan(since) } });
  }

  autoChargesSince(clientId: string, since: Date): Promise<number> {
    return this.db.manager.count(Payment, { where: { clientId, kind: 'auto_charge', createdAt: MoreThan(since) } });
  }

  /** Payments still open at Stripe, created before `before`. */
  unsettledBefore(before: Date): Promise<Payment[]> {
    return this.db.manager.find(Payment, { where: { status: In(['pending', 'requires_action']), createdAt: LessThan(before) } });
  }

  /** Succeeded payments with no Xero invoice yet (settled more than `olderThanMs` ago, when given). */
  async withoutXeroInvoice(olderThanMs?: number, limit?: number): Promise<string[]> {
    const rows: Array<{ id: string }> =
      olderThanMs === undefined
        ? await this.db.query(`SELECT id FROM payments WHERE status = 'succeeded' AND xero_invoice_id IS NULL AND kind <> 'subscription'`)
        : await this.db.query(
            `SELECT id FROM payments WHERE status = 'succeeded' AND xero_invoice_id IS NULL AND kind <> 'subscription' AND settled_at < now() - $1::interval ORDER BY settled_at LIMIT $2`,
            [`${olderThanMs} milliseconds`, limit ?? 100],
          );
    return rows.map((r) => r.id);
  }

  /** Whether a charge of this subscription invoice is still waiting for Stripe's answer (made in the last two minutes). */
  subscriptionChargePending(subscriptionInvoiceId: string, tx?: Tx): Promise<boolean> {
    return managerOf(this.db, tx).exists(Payment, {
      where: { subscriptionInvoiceId, status: 'pending', createdAt: MoreThan(new Date(Date.now() - 120_000)) },
    });
  }

  /** Clients with an auto-charge pending for more than `olderThanMs`. */
  async clientsWithStuckAutoCharge(olderThanMs: number, limit: number): Promise<string[]> {
    const rows: Array<{ client_id: string }> = await this.db.query(
      `SELECT DISTINCT client_id FROM payments WHERE kind = 'auto_charge' AND status = 'pending' AND created_at < now() - $1::interval LIMIT $2`,
      [`${olderThanMs} milliseconds`, limit],
    );
    return rows.map((r) => r.client_id);
  }
}
