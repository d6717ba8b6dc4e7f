import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const STRATEGIES = ['round_robin', 'weighted', 'waterfall', 'broadcast'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Supplier leads of one industry, and how they are shared among the subscribed buyers. */
@Entity({ name: 'campaigns' })
@Check('campaigns_strategy_check', `strategy IN ('round_robin', 'weighted', 'waterfall', 'broadcast')`)
@Check('campaigns_price_override_check', 'price_override IS NULL OR price_override >= 0')
@Check('campaigns_resale_discount_percent_check', 'resale_discount_percent IS NULL OR resale_discount_percent BETWEEN 0 AND 100')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('campaigns_industry_id_idx')
  @Column({ name: 'industry_id', type: 'uuid' })
  industryId!: string;

  @Column({ type: 'varchar', length: 16 })
  strategy!: Strategy;

  /** Minor units; the industry's lead cost when null. */
  @Column({ name: 'price_override', type: 'integer', nullable: true })
  priceOverride!: number | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Offer an approved return of this campaign's leads again at once (also when its industry says so). */
  @Column({ name: 'resale_auto', type: 'boolean', default: false })
  resaleAuto!: boolean;

  /** Percent off on a resale of this campaign's leads; the industry's (then `RESALE_DISCOUNT_PERCENT`) when null. */
  @Column({ name: 'resale_discount_percent', type: 'integer', nullable: true })
  resaleDiscountPercent!: number | null;

  /** Round-robin position, advanced atomically so every API instance shares one rotation. */
  @Column({ name: 'rr_cursor', type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  rrCursor!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
