import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const LEDGER_KINDS = ['top_up', 'auto_charge', 'weekly_payment', 'lead_charge', 'usage_charge', 'refund', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** One movement of a client's credit. Append-only; `cause` is unique, so every movement happens once. */
@Entity({ name: 'ledger_entries' })
@Index('ledger_entries_client_created_idx', ['clientId', 'createdAt'])
@Check(
  'ledger_entries_kind_check',
  `kind IN ('top_up', 'auto_charge', 'weekly_payment', 'lead_charge', 'usage_charge', 'refund', 'adjustment')`,
)
@Check('ledger_entries_amount_check', 'amount <> 0')
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: LedgerKind;

  /** Signed minor units: credits positive, charges negative. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  amount!: number;

  @Column({ name: 'balance_after', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  balanceAfter!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** What caused it, e.g. `payment:<id>`, `delivery:<id>`, `refund:<report id>`, `adjustment:<key>`. */
  @Index('ledger_entries_cause_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  cause!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  meta!: object | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
