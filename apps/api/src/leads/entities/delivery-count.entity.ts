import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many leads a buyer took on one day of its own time zone, and what they cost, refunded ones not
 * counted: the caps' and the spending limits' counters, so checking a cap reads at most seven rows instead of counting deliveries. `scope` is the
 * buyer's own id for all its leads, or a campaign's id for that campaign's leads (a subscription's
 * own caps). Kept by the database from `deliveries` (triggers `delivery_counts_*`), so every writer —
 * delivery, refund, reprocessing — keeps it right; the day is the delivery's date in the buyer's
 * time zone of the moment.
 */
@Entity({ name: 'delivery_counts' })
export class DeliveryCount {
  @PrimaryColumn({ name: 'client_id', type: 'uuid', primaryKeyConstraintName: 'delivery_counts_pkey' })
  clientId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'delivery_counts_pkey' })
  scope!: string;

  /** YYYY-MM-DD in the buyer's time zone. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'delivery_counts_pkey' })
  day!: string;

  @Column({ type: 'integer', default: 0 })
  count!: number;

  /** What those leads were priced at, minor units: the spending limits' sums. */
  @Column({ type: 'bigint', default: 0 })
  amount!: string;
}
