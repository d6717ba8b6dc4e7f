import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A buyer's deliveries in one UTC hour: the dashboards' charts and the overview's league tables
 * read these (720 rows for 30 days) instead of every delivery. Kept by the database from
 * `deliveries` (triggers `deliveries_rollup_*`, which also keep `delivery_counts`), so every writer
 * keeps it right.
 */
@Entity({ name: 'delivery_hours' })
@Index('delivery_hours_hour_idx', ['hour'])
export class DeliveryHour {
  @PrimaryColumn({ name: 'client_id', type: 'uuid', primaryKeyConstraintName: 'delivery_hours_pkey' })
  clientId!: string;

  /** The start of the hour (UTC). */
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'delivery_hours_pkey' })
  hour!: Date;

  /** Every delivery made in the hour, whatever became of it. */
  @Column({ type: 'integer', default: 0 })
  deliveries!: number;

  /** Those not refunded. */
  @Column({ type: 'integer', default: 0 })
  kept!: number;

  /** The prices of those not refunded, minor units. */
  @Column({ name: 'kept_amount', type: 'bigint', default: 0 })
  keptAmount!: string;
}
