import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Where events are sent: a client's own URL (e.g. their Zapier hook), or a platform endpoint
 * (client id null, set by admins) that receives the events of every client.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('webhook_endpoints_client_idx', ['clientId'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The owner; null for platform endpoints. */
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  description!: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ default: true })
  active!: boolean;

  /** Why the endpoint stopped receiving events (410 Gone, or switched off by its owner). */
  @Column({ name: 'disabled_reason', type: 'varchar', length: 300, nullable: true })
  disabledReason!: string | null;

  /** The signing secret (`whsec_…`), encrypted at rest. */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  /** The secret before the last rotation, still signed with until `previousSecretExpiresAt`. */
  @Column({ name: 'previous_secret_encrypted', type: 'text', nullable: true })
  previousSecretEncrypted!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** When the owner was last told it is failing (at most one email a day). */
  @Column({ name: 'failure_notified_at', type: 'timestamptz', nullable: true })
  failureNotifiedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
