import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BILLING_PERIODS = ['monthly', 'yearly'] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];

/**
 * What a client's platform subscription is sold as. Prices are net, per month, in minor units; VAT
 * goes on top as for top-ups, and a yearly plan bills twelve months at once. One plan, the free
 * plan, is the default every new client starts on; it can be neither retired nor deleted.
 */
@Entity({ name: 'plans' })
@Index('plans_name_key', ['name'], { unique: true })
@Index('plans_one_default', ['isDefault'], { unique: true, where: 'is_default' })
@Check('plans_prices_check', 'monthly_price >= 0 AND seat_price >= 0')
@Check('plans_seats_check', 'seats_included >= 1')
@Check('plans_billing_period_check', "billing_period IN ('monthly', 'yearly')")
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ name: 'monthly_price', type: 'int' })
  monthlyPrice!: number;

  @Column({ type: 'varchar', length: 3, default: 'GBP' })
  currency!: string;

  @Column({ name: 'seats_included', type: 'int' })
  seatsIncluded!: number;

  /** Per add-on seat, per month, net minor units. */
  @Column({ name: 'seat_price', type: 'int' })
  seatPrice!: number;

  @Column({ name: 'billing_period', type: 'varchar', length: 10, default: 'monthly' })
  billingPeriod!: BillingPeriod;

  /** Shown on the pricing page; a private plan is given to a client by an admin. */
  @Column({ name: 'is_public', type: 'boolean', default: true })
  isPublic!: boolean;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  /** Retired: kept for the subscriptions on it, offered to nobody. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
