import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, MoreThan, Not, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { SubscriptionCreditNote, SubscriptionInvoice, type InvoiceKind } from './entities/subscription-invoice.entity';

export type NewInvoice = Omit<
  SubscriptionInvoice,
  'id' | 'client' | 'createdAt' | 'updatedAt' | 'attempts' | 'lastFailure' | 'xeroPaymentId' | 'paidAt'
>;
export type InvoicePatch = Partial<Omit<SubscriptionInvoice, 'id' | 'client' | 'clientId' | 'createdAt' | 'updatedAt'>>;

/** A claimed charge attempt: the invoice and the attempt's number (its payment's idempotency key). */
export interface ClaimedCharge {
  id: string;
  clientId: string;
  attempt: number;
}

/** An unpaid invoice on the admin's past-due list. */
export interface OverdueRow {
  clientId: string;
  status: 'past_due' | 'suspended';
  since: Date;
  invoiceId: string;
  invoiceNumber: string;
  grossAmount: number;
  dueOn: string;
}
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
    return managerOf(this.db, tx).findOne(SubscriptionInvoice, { where: { clientId, kind, periodStart, status: In(['open', 'paid']) } });
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

  async update(tx: Tx, id: string, patch: InvoicePatch): Promise<void> {
    await managerOf(this.db, tx).update(SubscriptionInvoice, { id }, patch);
  }

  /**
   * Takes the cycle's due charges: open invoices whose next attempt has come, skipping rows another
   * worker holds, so each attempt is taken once. Each gets its attempt counted and its next one set
   * from the retry schedule (days after the period starts; none once the schedule is spent), in
   * the same statement: a worker that dies after it loses that attempt, never repeats it.
   */
  async claimDue(now: Date, retryDays: number[], limit: number): Promise<ClaimedCharge[]> {
    const rows = (await this.db.query(
      `WITH due AS (
         SELECT id FROM subscription_invoices WHERE status = 'open' AND next_attempt_at <= $1
          ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE subscription_invoices i
            SET attempts = i.attempts + 1,
                next_attempt_at = CASE WHEN i.attempts + 1 <= cardinality($2::int[])
                                       THEN i.period_start + make_interval(days => ($2::int[])[i.attempts + 1]) END
           FROM due WHERE i.id = due.id
         RETURNING i.id, i.client_id, i.attempts
       )
       SELECT id, client_id, attempts FROM claimed`,
      [now, retryDays, limit],
    )) as Array<{ id: string; client_id: string; attempts: number }>;
    return rows.map((r) => ({ id: r.id, clientId: r.client_id, attempt: r.attempts }));
  }

  /** Counts one more attempt (a charge the client asked for); its number. */
  async countAttempt(tx: Tx, id: string): Promise<number> {
    const rows = (await managerOf(this.db, tx).query(
      'WITH u AS (UPDATE subscription_invoices SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts) SELECT attempts FROM u',
      [id],
    )) as Array<{ attempts: number }>;
    return rows[0]!.attempts;
  }

  /** Whether the client has a draft since `since` whose payment has not answered yet (no failure recorded). */
  draftInProgress(tx: Tx, clientId: string, since: Date): Promise<boolean> {
    return managerOf(this.db, tx).exists(SubscriptionInvoice, {
      where: { clientId, status: 'draft', lastFailure: IsNull(), createdAt: MoreThan(since) },
    });
  }

  /** The client's open invoices, oldest period first. */
  openOf(clientId: string, tx?: Tx): Promise<SubscriptionInvoice[]> {
    return managerOf(this.db, tx).find(SubscriptionInvoice, { where: { clientId, status: 'open' }, order: { periodStart: 'ASC' } });
  }

  /** Clients past due or suspended whose oldest unpaid plan period started before `cutoff` (grace is over) and who are not suspended yet. */
  async graceOver(cutoff: Date, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT s.client_id FROM client_subscriptions s
         JOIN subscription_invoices i ON i.client_id = s.client_id AND i.status = 'open' AND i.kind = 'plan'
        WHERE s.status IN ('active', 'past_due') AND i.period_start <= $1
        LIMIT $2`,
      [cutoff, limit],
    )) as Array<{ client_id: string }>;
    return rows.map((r) => r.client_id);
  }

  /** Past-due and suspended subscriptions with their oldest unpaid invoice, longest overdue first. */
  async overdue(limit: number): Promise<OverdueRow[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (s.client_id) s.client_id, s.status, coalesce(s.past_due_since, i.period_start) AS since,
              i.id AS invoice_id, i.number, i.gross_amount, i.due_on::text AS due_on
         FROM client_subscriptions s
         JOIN subscription_invoices i ON i.client_id = s.client_id AND i.status = 'open'
        WHERE s.status IN ('past_due', 'suspended')
        ORDER BY s.client_id, i.period_start`,
    )) as Array<{
      client_id: string;
      status: 'past_due' | 'suspended';
      since: Date;
      invoice_id: string;
      number: string;
      gross_amount: number;
      due_on: string;
    }>;
    return rows
      .map((r) => ({
        clientId: r.client_id,
        status: r.status,
        since: r.since,
        invoiceId: r.invoice_id,
        invoiceNumber: r.number,
        grossAmount: r.gross_amount,
        dueOn: r.due_on,
      }))
      .sort((a, b) => a.since.getTime() - b.since.getTime())
      .slice(0, limit);
  }

  creditNoteOf(invoiceId: string, tx?: Tx): Promise<SubscriptionCreditNote | null> {
    return managerOf(this.db, tx).findOne(SubscriptionCreditNote, { where: { invoiceId } });
  }

  creditNotesOf(invoiceIds: string[]): Promise<SubscriptionCreditNote[]> {
    if (!invoiceIds.length) return Promise.resolve([]);
    return this.db.manager.find(SubscriptionCreditNote, { where: invoiceIds.map((invoiceId) => ({ invoiceId })) });
  }

  /** Newest first; drafts (a card payment not made yet) only for admins. */
  page(clientId: string, offset: number, limit: number, withDrafts = false): Promise<[SubscriptionInvoice[], number]> {
    return this.db.manager.findAndCount(SubscriptionInvoice, {
      where: withDrafts ? { clientId } : { clientId, number: Not(IsNull()), status: In(['open', 'paid', 'void']) },
      order: { createdAt: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  /** Stores the Xero invoice's id (only once: a second writer keeps the first). */
  async linkXeroInvoice(id: string, xeroInvoiceId: string): Promise<void> {
    await this.db.manager.update(SubscriptionInvoice, { id, xeroInvoiceId: IsNull() }, { xeroInvoiceId });
  }

  async linkXeroPayment(id: string, xeroPaymentId: string): Promise<void> {
    await this.db.manager.update(SubscriptionInvoice, { id, xeroPaymentId: IsNull() }, { xeroPaymentId });
  }

  async linkXeroCreditNote(id: string, xeroCreditNoteId: string): Promise<void> {
    await this.db.manager.update(SubscriptionCreditNote, { id, xeroCreditNoteId: IsNull() }, { xeroCreditNoteId });
  }

  /**
   * Documents older than `graceMs` still without their Xero twin: numbered (open, paid or void)
   * invoices with no Xero invoice, paid ones with no Xero payment, and (by their invoice's id) credit
   * notes with no Xero credit note.
   */
  async withoutXeroTwin(graceMs: number, limit: number): Promise<{ invoices: string[]; payments: string[]; creditNotes: string[] }> {
    const before = new Date(Date.now() - graceMs);
    const invoices = (await this.db.query(
      `SELECT id FROM subscription_invoices
        WHERE number IS NOT NULL AND status IN ('open', 'paid', 'void') AND xero_invoice_id IS NULL AND updated_at < $1
        ORDER BY updated_at LIMIT $2`,
      [before, limit],
    )) as Array<{ id: string }>;
    const payments = (await this.db.query(
      `SELECT id FROM subscription_invoices
        WHERE status = 'paid' AND xero_payment_id IS NULL AND paid_at < $1
        ORDER BY paid_at LIMIT $2`,
      [before, limit],
    )) as Array<{ id: string }>;
    const creditNotes = (await this.db.query(
      `SELECT invoice_id FROM subscription_credit_notes WHERE xero_credit_note_id IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2`,
      [before, limit],
    )) as Array<{ invoice_id: string }>;
    return { invoices: invoices.map((r) => r.id), payments: payments.map((r) => r.id), creditNotes: creditNotes.map((r) => r.invoice_id) };
  }
}
