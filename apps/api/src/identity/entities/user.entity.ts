import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';

export const ROLES = ['client', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const CLIENT_ROLES = ['owner', 'member'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

@Entity({ name: 'users' })
@Check('users_role_check', `role IN ('client', 'admin')`)
@Check('users_client_role_check', `client_role IS NULL OR client_role IN ('owner', 'member')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Always stored lower-cased and trimmed; unique. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Null for someone who signed up with a provider (Google) and has not set a password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName!: string;

  @Column({ type: 'varchar', length: 32 })
  phone!: string;

  @Column({ type: 'varchar', length: 16, default: 'client' })
  role!: Role;

  @Index('users_client_id_idx')
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'users_client_id_fkey' })
  client?: Client | null;

  @Column({ name: 'client_role', type: 'varchar', length: 16, nullable: true })
  clientRole!: ClientRole | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
