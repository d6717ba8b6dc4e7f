import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A client's lead charges and refunds in one UTC hour (minor units, charges negative), summed from
 * the ledger: the dashboard's spend chart and runway and the overview's revenue read these instead
 * of a month of ledger entries. Kept by the database from `ledger_entries` (triggers
 * `ledger_rollup_*`).
 */
@Entity({ name: 'lead_spend_hours' })
@Index('lead_spend_hours_hour_idx', ['hour'])
export class LeadSpendHour {
  @PrimaryColumn({ name: 'client_id', type: 'uuid', primaryKeyConstraintName: 'lead_spend_hours_pkey' })
  clientId!: string;

  /** The start of the hour (UTC). */
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'lead_spend_hours_pkey' })
  hour!: Date;

  @Column({ type: 'bigint', default: 0 })
  amount!: string;
}
