import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BillingMode } from '../../clients';

/** An admin-issued sign-up link that pre-sets the new client's billing mode. Single use. */
@Entity({ name: 'client_invites' })
export class ClientInvite {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** SHA-256 of the invite token; the token itself is shown once. */
  @Index('client_invites_token_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'billing_mode', type: 'varchar', length: 16 })
  billingMode!: BillingMode;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
