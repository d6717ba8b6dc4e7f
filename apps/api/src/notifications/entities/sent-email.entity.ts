import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every email the worker handed to the mail server (or failed to), for the notification log. */
@Entity({ name: 'sent_emails' })
@Index('sent_emails_client_created_idx', ['clientId', 'createdAt'])
export class SentEmail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null for emails that belong to no client (e.g. an admin's password reset). */
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  /** The job that sent it, e.g. `email.new-lead`. */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ name: 'to_email', type: 'varchar', length: 320 })
  toEmail!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** `sent`, or `failed` (the job retries; a later success is its own row). */
  @Column({ type: 'varchar', length: 8 })
  status!: 'sent' | 'failed';

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
