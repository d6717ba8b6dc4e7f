import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A supplier's leads received in one UTC hour and what their deliveries were priced at: the admin
 * overview's supplier volumes. Kept by the database (triggers `supplier_hours_*` on `leads`, and
 * `deliveries_rollup_*` on `deliveries`).
 */
@Entity({ name: 'supplier_hours' })
export class SupplierHour {
  @PrimaryColumn({ name: 'supplier_id', type: 'uuid', primaryKeyConstraintName: 'supplier_hours_pkey' })
  supplierId!: string;

  /** The start of the hour (UTC) the leads were received in. */
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'supplier_hours_pkey' })
  hour!: Date;

  @Column({ type: 'integer', default: 0 })
  leads!: number;

  /** The prices of those leads' deliveries, minor units (refunds not taken off). */
  @Column({ name: 'sold_amount', type: 'bigint', default: 0 })
  soldAmount!: string;
}
