import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SMS_KINDS = ['verification', 'new_lead', 'low_balance', 'out_of_credit', 'payment_failed', 'summary'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

/**
 * `pending`: to be sent by the worker; `queued` → `sent` → `delivered` | `undelivered` | `failed`:
 * Twilio's word (its status callbacks); `failed` also when Twilio refused it outright; `suppressed`:
 * held back by the rate limit (counted in the next summary); `skipped`: not sent (quiet hours,
 * opted out, number removed), the reason in `error_message`.
 */
export const SMS_STATUSES = ['pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'skipped'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** One text to one number, with its fate. `cause` is unique: the same cause never texts a number twice. */
@Entity({ name: 'sms_messages' })
@Index('sms_messages_client_created_idx', ['clientId', 'createdAt'])
@Index('sms_messages_number_created_idx', ['numberId', 'createdAt'])
@Check('sms_messages_kind_check', `kind IN ('verification', 'new_lead', 'low_balance', 'out_of_credit', 'payment_failed', 'summary')`)
@Check(
  'sms_messages_status_check',
  `status IN ('pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'skipped')`,
)
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'number_id', type: 'uuid', nullable: true })
  numberId!: string | null;

  @Column({ name: 'to_phone', type: 'varchar', length: 16 })
  toPhone!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: SmsKind;

  /** e.g. `delivery:<id>:<number id>`, `event:<outbox id>:<number id>`, `code:<number id>:<n>`. */
  @Index('sms_messages_cause_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  cause!: string;

  /** What was sent (a verification code is stored masked). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SmsStatus;

  @Column({ type: 'smallint', nullable: true })
  segments!: number | null;

  @Index('sms_messages_twilio_sid_key', { unique: true })
  @Column({ name: 'twilio_sid', type: 'varchar', length: 40, nullable: true })
  twilioSid!: string | null;

  @Column({ name: 'error_code', type: 'int', nullable: true })
  errorCode!: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the status last changed. */
  @Column({ name: 'status_at', type: 'timestamptz', default: () => 'now()' })
  statusAt!: Date;
}
