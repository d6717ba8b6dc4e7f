import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Which emails a client's owner wants; a client without a row gets the defaults (all on). The new-lead email is opt-in on the lead preferences. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferences {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ name: 'low_balance', default: true })
  lowBalance!: boolean;

  @Column({ default: true })
  payments!: boolean;

  @Column({ default: true })
  invoices!: boolean;

  @Column({ name: 'webhook_failures', default: true })
  webhookFailures!: boolean;

  /** A report of theirs was approved (refunded) or rejected, with the admin's note. */
  @Column({ default: true })
  reports!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
