import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PAYMENT_KINDS = ['manual_top_up', 'auto_charge', 'weekly_request', 'subscription'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
export const PAYMENT_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Money asked of a client's card or invoice (the seeds' BalanceHistory). Statuses only move forward. */
@Entity({ name: 'payments' })
@Index('payments_client_created_idx', ['clientId', 'createdAt'])
@Index('payments_client_idempotency_key', ['clientId', 'idempotencyKey'], { unique: true })
@Index('payments_weekly_period_key', ['clientId', 'periodStart'], { unique: true, where: `kind = 'weekly_request'` })
@Check('payments_kind_check', `kind IN ('manual_top_up', 'auto_charge', 'weekly_request', 'subscription')`)
@Check('payments_status_check', `status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')`)
@Check('payments_amounts_check', 'net_amount > 0 AND vat_amount >= 0 AND gross_amount = net_amount + vat_amount')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: PaymentKind;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: PaymentStatus;

  /** Credit bought (minor units). */
  @Column({ name: 'net_amount', type: 'integer' })
  netAmount!: number;

  @Column({ name: 'vat_amount', type: 'integer' })
  vatAmount!: number;

  /** What the card or invoice is charged. */
  @Column({ name: 'gross_amount', type: 'integer' })
  grossAmount!: number;

  @Column({ name: 'vat_rate_bps', type: 'integer' })
  vatRateBps!: number;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255 })
  idempotencyKey!: string;

  @Index('payments_stripe_payment_intent_key', { unique: true })
  @Column({ name: 'stripe_payment_intent_id', type: 'varchar', length: 255, nullable: true })
  stripePaymentIntentId!: string | null;

  @Index('payments_stripe_invoice_key', { unique: true })
  @Column({ name: 'stripe_invoice_id', type: 'varchar', length: 255, nullable: true })
  stripeInvoiceId!: string | null;

  @Column({ name: 'hosted_invoice_url', type: 'text', nullable: true })
  hostedInvoiceUrl!: string | null;

  @Column({ name: 'next_action_url', type: 'text', nullable: true })
  nextActionUrl!: string | null;

  /** Why it failed, in plain words for the client (what happened, what to do). */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** Stripe's own words and codes, for admins. */
  @Column({ name: 'failure_detail', type: 'text', nullable: true })
  failureDetail!: string | null;

  @Column({ name: 'xero_invoice_id', type: 'uuid', nullable: true })
  xeroInvoiceId!: string | null;

  /** Xero's number for that invoice (INV-0042): the number on the payment's VAT receipt. */
  @Column({ name: 'xero_invoice_number', type: 'varchar', length: 255, nullable: true })
  xeroInvoiceNumber!: string | null;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd!: string | null;

  /** For a `subscription` payment: the subscription invoice it pays (owned by the subscriptions module). */
  @Index('payments_subscription_invoice_idx')
  @Column({ name: 'subscription_invoice_id', type: 'uuid', nullable: true })
  subscriptionInvoiceId!: string | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
