import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which leads a client wants, and when. */
@Entity({ name: 'lead_preferences' })
@Check('lead_preferences_daily_cap_check', 'daily_cap > 0')
@Check('lead_preferences_weekly_cap_check', 'weekly_cap IS NULL OR weekly_cap >= daily_cap')
@Check(
  'lead_preferences_spend_limits_check',
  '(weekly_spend_limit IS NULL OR weekly_spend_limit > 0) AND (monthly_spend_limit IS NULL OR monthly_spend_limit > 0)',
)
@Check(
  'lead_preferences_hours_check',
  'delivery_start_minute >= 0 AND delivery_end_minute <= 1440 AND delivery_start_minute < delivery_end_minute',
)
export class LeadPreferences {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @OneToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'lead_preferences_client_id_fkey' })
  client?: Client;

  /** Normalised UK postcode areas, districts or sectors ("SW", "SW1A", "M1 1"). */
  @Column({ name: 'postcode_areas', type: 'text', array: true })
  postcodeAreas!: string[];

  @Column({ name: 'daily_cap', type: 'integer' })
  dailyCap!: number;

  @Column({ name: 'weekly_cap', type: 'integer', nullable: true })
  weeklyCap!: number | null;

  /** At most this much spent on leads per week (Monday to Sunday in `timeZone`), minor units; null: no limit. */
  @Column({ name: 'weekly_spend_limit', type: 'integer', nullable: true })
  weeklySpendLimit!: number | null;

  /** At most this much spent on leads per calendar month in `timeZone`, minor units; null: no limit. */
  @Column({ name: 'monthly_spend_limit', type: 'integer', nullable: true })
  monthlySpendLimit!: number | null;

  @Column({ name: 'delivery_days', type: 'text', array: true })
  deliveryDays!: Weekday[];

  /** Minutes after local midnight, [start, end). */
  @Column({ name: 'delivery_start_minute', type: 'integer', default: 0 })
  deliveryStartMinute!: number;

  @Column({ name: 'delivery_end_minute', type: 'integer', default: 1440 })
  deliveryEndMinute!: number;

  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Europe/London' })
  timeZone!: string;

  @Column({ type: 'boolean', default: false })
  paused!: boolean;

  /** Email the client about every new lead. */
  @Column({ name: 'email_new_leads', type: 'boolean', default: false })
  emailNewLeads!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
