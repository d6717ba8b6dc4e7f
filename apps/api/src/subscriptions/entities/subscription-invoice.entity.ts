import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';

export const INVOICE_KINDS = ['plan', 'seats', 'proration', 'advance'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** One line of an invoice or credit note; amounts net/VAT/gross in minor units. */
export interface InvoiceLine {
  description: string;
  quantity: number;
  unitNet: number;
  net: number;
  vatRateBps: number;
  vat: number;
  gross: number;
}

/** What paying a draft invoice changes: the plan it buys (checkout, upgrade), or the add-on seats it adds. */
export interface InvoiceChanges {
  planId?: string;
  /** An upgrade's plan before it: paid after another change, the upgrade no longer applies. */
  fromPlanId?: string;
  addSeats?: number;
}

/**
 * Our invoice to a client for its platform subscription (a UK VAT invoice). `number` comes from the
 * `document_counters` row locked in the issuing transaction, so numbers have no gaps. A `draft` is
 * what a card payment is asked for before it exists as an invoice (checkout, an upgrade, bought
 * seats): it has no number until the payment succeeds, and the client never sees it. One open or
 * paid invoice per client, kind and period (`subscription_invoices_period_key`); a voided period may
 * be invoiced again, under a new number.
 */
@Entity({ name: 'subscription_invoices' })
@Index('subscription_invoices_number_key', ['number'], { unique: true })
@Index('subscription_invoices_period_key', ['clientId', 'kind', 'periodStart'], { unique: true, where: "status IN ('open', 'paid')" })
@Index('subscription_invoices_due_idx', ['nextAttemptAt'], { where: "status = 'open'" })
@Check('subscription_invoices_number_check', "number IS NOT NULL OR status = 'draft'")
@Check('subscription_invoices_status_check', "status IN ('draft', 'open', 'paid', 'void')")
@Check('subscription_invoices_kind_check', "kind IN ('plan', 'seats', 'proration', 'advance')")
@Check('subscription_invoices_totals_check', 'net_amount >= 0 AND vat_amount >= 0 AND gross_amount = net_amount + vat_amount')
export class SubscriptionInvoice {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'subscription_invoices_client_id_fkey' })
  client?: Client;

  /** Null only on a draft. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  number!: string | null;

  @Column({ type: 'varchar', length: 12 })
  kind!: InvoiceKind;

  @Column({ type: 'varchar', length: 8 })
  status!: InvoiceStatus;

  @Column({ name: 'period_start', type: 'timestamptz' })
  periodStart!: Date;

  @Column({ name: 'period_end', type: 'timestamptz' })
  periodEnd!: Date;

  /** The tax point (calendar day in the business's time zone). */
  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'jsonb' })
  lines!: InvoiceLine[];

  @Column({ name: 'net_amount', type: 'int' })
  netAmount!: number;

  @Column({ name: 'vat_amount', type: 'int' })
  vatAmount!: number;

  @Column({ name: 'gross_amount', type: 'int' })
  grossAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** The payment that settled it. */
  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId!: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  /** What paying it changes besides the period (drafts of a checkout, an upgrade, bought seats). */
  @Column({ type: 'jsonb', nullable: true })
  changes!: InvoiceChanges | null;

  /** Card charges tried (the cycle's and the client's "pay now"). */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** When the cycle charges the card next; null when it will not (paid, void, draft, retries spent). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** Why the last charge failed, in plain words for the client. */
  @Column({ name: 'last_failure', type: 'text', nullable: true })
  lastFailure!: string | null;

  @Column({ name: 'xero_invoice_id', type: 'varchar', length: 64, nullable: true })
  xeroInvoiceId!: string | null;

  @Column({ name: 'xero_payment_id', type: 'varchar', length: 64, nullable: true })
  xeroPaymentId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Voids an issued invoice in full; its own number series. One per invoice. */
@Entity({ name: 'subscription_credit_notes' })
@Index('subscription_credit_notes_number_key', ['number'], { unique: true })
@Index('subscription_credit_notes_invoice_key', ['invoiceId'], { unique: true })
@Index('subscription_credit_notes_client_idx', ['clientId'])
export class SubscriptionCreditNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'subscription_credit_notes_client_id_fkey' })
  client?: Client;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @ManyToOne(() => SubscriptionInvoice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id', foreignKeyConstraintName: 'subscription_credit_notes_invoice_id_fkey' })
  invoice?: SubscriptionInvoice;

  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  lines!: InvoiceLine[];

  @Column({ name: 'net_amount', type: 'int' })
  netAmount!: number;

  @Column({ name: 'vat_amount', type: 'int' })
  vatAmount!: number;

  @Column({ name: 'gross_amount', type: 'int' })
  grossAmount!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ name: 'xero_credit_note_id', type: 'varchar', length: 64, nullable: true })
  xeroCreditNoteId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The last number used in each document series ('invoice', 'credit_note'); locked to take the next. */
@Entity({ name: 'document_counters' })
export class DocumentCounter {
  @Column({ type: 'varchar', length: 20, primary: true })
  series!: string;

  @Column({ name: 'last_number', type: 'int', default: 0 })
  lastNumber!: number;
}
