import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * `charged`: taken from the credit; `refunded`: charged, then given back (the text never arrived);
 * `unbilled`: the client is not billed (non-billable) or its balance could not cover it — recorded
 * for the admins all the same.
 */
export const USAGE_STATUSES = ['charged', 'refunded', 'unbilled'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/** What one message cost a client (rebilling): one row per message, charged to the ledger once. */
@Entity({ name: 'usage_records' })
@Index('usage_records_message_key', ['channel', 'messageId'], { unique: true })
@Index('usage_records_client_created_idx', ['clientId', 'createdAt'])
@Check('usage_records_status_check', `status IN ('charged', 'refunded', 'unbilled')`)
@Check('usage_records_channel_check', `channel IN ('sms')`)
@Check('usage_records_amounts_check', 'units > 0 AND unit_price >= 0 AND unit_cost >= 0')
export class UsageRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: 'sms';

  /** Our id of the message (sms_messages.id). */
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  /** SMS segments. */
  @Column({ type: 'int' })
  units!: number;

  /** What we charge per unit, minor units (SMS_PRICE_PER_SEGMENT when it was sent). */
  @Column({ name: 'unit_price', type: 'int' })
  unitPrice!: number;

  /** What the provider costs us per unit, minor units (TWILIO_COST_PER_SEGMENT when it was sent). */
  @Column({ name: 'unit_cost', type: 'int' })
  unitCost!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: UsageStatus;

  /** Why it is unbilled: `non_billable` or `no_credit`. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
