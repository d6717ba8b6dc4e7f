import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The platform's one Xero organisation. Tokens are encrypted at rest (AES-256-GCM, ENCRYPTION_KEY). */
@Entity({ name: 'xero_connection' })
export class XeroConnection {
  /** Always 'default': LeadFlow mirrors into one Xero organisation. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ name: 'tenant_id', type: 'varchar', length: 64 })
  tenantId!: string;

  @Column({ name: 'tenant_name', type: 'varchar', length: 255, nullable: true })
  tenantName!: string | null;

  @Column({ name: 'access_token_enc', type: 'text' })
  accessTokenEnc!: string;

  @Column({ name: 'refresh_token_enc', type: 'text' })
  refreshTokenEnc!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'connected_at', type: 'timestamptz', default: () => 'now()' })
  connectedAt!: Date;

  @Column({ name: 'connected_by', type: 'uuid', nullable: true })
  connectedBy!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
