import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../../clients';
import { User } from '../../../identity';

/**
 * A mobile number a person of a client gets alerts on (each person their own). Nothing but its
 * verification code is sent to it until it is verified; a STOP reply opts it out until START.
 */
@Entity({ name: 'sms_numbers' })
@Index('sms_numbers_user_phone_key', ['userId', 'phone'], { unique: true })
@Index('sms_numbers_client_idx', ['clientId'])
@Index('sms_numbers_phone_idx', ['phone'])
@Check('sms_numbers_quiet_hours_check', 'quiet_start BETWEEN 0 AND 23 AND quiet_end BETWEEN 0 AND 23')
export class SmsNumber {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'sms_numbers_client_id_fkey' })
  client?: Client;

  /** Removing the person from the team removes their numbers. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sms_numbers_user_id_fkey' })
  user?: User;

  /** E.164, e.g. +447700900123. */
  @Column({ type: 'varchar', length: 16 })
  phone!: string;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  /** SHA-256 of the code last sent (keyed with the number's id); null once verified or never sent. */
  @Column({ name: 'code_hash', type: 'varchar', length: 64, nullable: true })
  codeHash!: string | null;

  @Column({ name: 'code_expires_at', type: 'timestamptz', nullable: true })
  codeExpiresAt!: Date | null;

  /** Wrong codes entered against the current code. */
  @Column({ name: 'code_attempts', type: 'smallint', default: 0 })
  codeAttempts!: number;

  /** When a code was last asked for (resends are throttled from it). */
  @Column({ name: 'code_requested_at', type: 'timestamptz', nullable: true })
  codeRequestedAt!: Date | null;

  @Column({ name: 'new_leads', default: true })
  newLeads!: boolean;

  /** Low balance and out of credit. */
  @Column({ name: 'low_balance', default: true })
  lowBalance!: boolean;

  @Column({ name: 'payment_failed', default: true })
  paymentFailed!: boolean;

  /** Quiet hours in the client's time zone, [start, end) by the hour; both null: none. New-lead texts are not sent in them. */
  @Column({ name: 'quiet_start', type: 'smallint', nullable: true })
  quietStart!: number | null;

  @Column({ name: 'quiet_end', type: 'smallint', nullable: true })
  quietEnd!: number | null;

  /** The person replied STOP (Twilio then refuses to text them, error 21610); START clears it. */
  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true })
  optedOutAt!: Date | null;

  /** The rate limit's current window: when it began and how many new-lead texts went in it. */
  @Column({ name: 'window_start', type: 'timestamptz', nullable: true })
  windowStart!: Date | null;

  @Column({ name: 'window_sent', type: 'int', default: 0 })
  windowSent!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
