import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { SubscriptionCreditNote, SubscriptionInvoice, type InvoiceKind } from './entities/subscription-invoice.entity';

export type NewInvoice = Omit<SubscriptionInvoice, 'id' | 'client' | 'createdAt' | 'updatedAt'>;
export type NewCreditNote = Omit<SubscriptionCreditNote, 'id' | 'client' | 'invoice' | 'createdAt'>;
export type DocumentSeries = 'invoice' | 'credit_note';

/** subscription_invoices, subscription_credit_notes and document_counters: the only writer. */
@Injectable()
export class InvoiceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The next number of a series. The UPDATE locks the counter row until the transaction ends: a
   * concurrent issue waits and takes the following number, and a rollback gives the number back.
   */
  async nextNumber(tx: Tx, series: DocumentSeries): Promise<number> {
    const rows = (await managerOf(this.db, tx).query(
      'UPDATE document_counters SET last_number = last_number + 1 WHERE series = $1 RETURNING last_number',
      [series],
    )) as [Array<{ last_number: number }>, number];
    return rows[0][0]!.last_number;
  }

  forPeriod(tx: Tx, clientId: string, kind: InvoiceKind, periodStart: Date): Promise<SubscriptionInvoice | null> {
    return managerOf(this.db, tx).findOne(SubscriptionInvoice, { where: { clientId, kind, periodStart } });
  }

  async insert(tx: Tx, row: NewInvoice): Promise<SubscriptionInvoice> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(SubscriptionInvoice, row));
  }

  async insertCreditNote(tx: Tx, row: NewCreditNote): Promise<SubscriptionCreditNote> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(SubscriptionCreditNote, row));
  }

  /** An invoice by id; scoped to the client when `clientId` is given (another client's is null). */
  byId(id: string, clientId?: string, tx?: Tx): Promise<SubscriptionInvoice | null> {
    return managerOf(this.db, tx).findOne(SubscriptionInvoice, { where: clientId ? { id, clientId } : { id } });
  }

  lock(tx: Tx, id: string): Promise<SubscriptionInvoice | null> {
    return managerOf(this.db, tx).findOne(SubscriptionInvoice, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async setStatus(tx: Tx, id: string, status: SubscriptionInvoice['status']): Promise<void> {
    await managerOf(this.db, tx).update(SubscriptionInvoice, { id }, { status });
  }

  creditNoteOf(invoiceId: string, tx?: Tx): Promise<SubscriptionCreditNote | null> {
    return managerOf(this.db, tx).findOne(SubscriptionCreditNote, { where: { invoiceId } });
  }

  creditNotesOf(invoiceIds: string[]): Promise<SubscriptionCreditNote[]> {
    if (!invoiceIds.length) return Promise.resolve([]);
    return this.db.manager.find(SubscriptionCreditNote, { where: invoiceIds.map((invoiceId) => ({ invoiceId })) });
  }

  /** Newest first. */
  page(clientId: string, offset: number, limit: number): Promise<[SubscriptionInvoice[], number]> {
    return this.db.manager.findAndCount(SubscriptionInvoice, {
      where: { clientId },
      order: { issuedOn: 'DESC', number: 'DESC' },
      skip: offset,
      take: limit,
    });
  }
}
