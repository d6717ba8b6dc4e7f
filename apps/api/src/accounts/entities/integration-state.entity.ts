import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';

export const INTEGRATION_KINDS = ['stripe_customer', 'leadbyte_buyer', 'xero_contact'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];
export const INTEGRATION_STATUSES = ['pending', 'waiting', 'done', 'failed'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/** Where a client's registration with one outside system stands (visible to the client and admins). */
@Entity({ name: 'integration_states' })
@Index('integration_states_client_kind_key', ['clientId', 'kind'], { unique: true })
@Check('integration_states_kind_check', `kind IN ('stripe_customer', 'leadbyte_buyer', 'xero_contact')`)
@Check('integration_states_status_check', `status IN ('pending', 'waiting', 'done', 'failed')`)
export class IntegrationState {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'integration_states_client_id_fkey' })
  client?: Client;

  @Column({ type: 'varchar', length: 32 })
  kind!: IntegrationKind;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: IntegrationStatus;

  /** Bumped on every (re)queue, so each run gets its own job id. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
