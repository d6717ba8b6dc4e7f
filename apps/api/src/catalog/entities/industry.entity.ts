import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ReportReason } from '../return-reasons';

export const LEAD_COLUMN_TYPES = ['text', 'email', 'phone', 'postcode', 'number', 'date', 'select'] as const;
export type LeadColumnType = (typeof LEAD_COLUMN_TYPES)[number];

/** A field a lead of this industry carries. */
export interface LeadColumn {
  key: string;
  label: string;
  type: LeadColumnType;
  required: boolean;
  options?: string[];
  /** For `select` columns: option → other ways suppliers write it. */
  aliases?: Record<string, string[]>;
}

/** What clients buy leads of; every client belongs to one. */
@Entity({ name: 'industries' })
@Check('industries_return_window_days_check', 'return_window_days IS NULL OR return_window_days BETWEEN 1 AND 90')
@Check('industries_retention_days_check', 'retention_days IS NULL OR retention_days BETWEEN 1 AND 3650')
@Check('industries_resale_discount_percent_check', 'resale_discount_percent IS NULL OR resale_discount_percent BETWEEN 0 AND 100')
export class Industry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Lower-cased, trimmed name: unique. */
  @Index('industries_name_key', { unique: true })
  @Column({ name: 'name_key', type: 'varchar', length: 100 })
  nameKey!: string;

  /** Price of one lead, in minor units of `currency`. */
  @Column({ name: 'lead_cost', type: 'integer' })
  leadCost!: number;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency!: string;

  @Column({ name: 'lead_columns', type: 'jsonb', default: () => "'[]'" })
  leadColumns!: LeadColumn[];

  /** Days a delivered lead can be returned; `REPORT_WINDOW_DAYS` when null. */
  @Column({ name: 'return_window_days', type: 'integer', nullable: true })
  returnWindowDays!: number | null;

  /** The report reasons buyers may give; every reason when null. */
  @Column({ name: 'return_reasons', type: 'jsonb', nullable: true })
  returnReasons!: ReportReason[] | null;

  /** Offer an approved return again to buyers who never had it, at once. */
  @Column({ name: 'resale_auto', type: 'boolean', default: false })
  resaleAuto!: boolean;

  /** Percent off the price on a resale; `RESALE_DISCOUNT_PERCENT` when null. */
  @Column({ name: 'resale_discount_percent', type: 'integer', nullable: true })
  resaleDiscountPercent!: number | null;

  /** Days a lead's personal data is kept after it arrives; `LEAD_RETENTION_DAYS` when null. */
  @Column({ name: 'retention_days', type: 'integer', nullable: true })
  retentionDays!: number | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
