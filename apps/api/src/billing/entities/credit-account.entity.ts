import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';

/**
 * A client's credit. `balance` changes only through LedgerService, together with a ledger row, in
 * one transaction under this row's lock; the CHECK is the backstop.
 */
@Entity({ name: 'credit_accounts' })
@Check('credit_accounts_balance_check', 'balance >= -credit_limit')
@Check('credit_accounts_credit_limit_check', 'credit_limit >= 0')
@Check('credit_accounts_auto_charge_check', 'auto_charge_threshold >= 0 AND auto_charge_amount >= 0')
export class CreditAccount {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @OneToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'credit_accounts_client_id_fkey' })
  client?: Client;

  /** Minor units. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  balance!: number;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency!: string;

  /** How far below zero the balance may go (weekly-terms clients); 0 unless an admin sets it. */
  @Column({ name: 'credit_limit', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  creditLimit!: number;

  @Column({ name: 'auto_charge_enabled', type: 'boolean', default: false })
  autoChargeEnabled!: boolean;

  @Column({ name: 'auto_charge_threshold', type: 'integer', default: 0 })
  autoChargeThreshold!: number;

  @Column({ name: 'auto_charge_amount', type: 'integer', default: 0 })
  autoChargeAmount!: number;

  @Column({ name: 'auto_charge_failures', type: 'integer', default: 0 })
  autoChargeFailures!: number;

  @Column({ name: 'auto_charge_retry_after', type: 'timestamptz', nullable: true })
  autoChargeRetryAfter!: Date | null;

  /** Why auto-charge was turned off by the system, shown to the client. */
  @Column({ name: 'auto_charge_disabled_reason', type: 'text', nullable: true })
  autoChargeDisabledReason!: string | null;

  @Column({ name: 'weekly_terms', type: 'boolean', default: false })
  weeklyTerms!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
