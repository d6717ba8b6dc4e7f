import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
