import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An admin's return rules for one client; a client without a row has the defaults (config). */
@Entity({ name: 'client_return_rules' })
@Check('client_return_rules_rate_limit_check', 'rate_limit_percent IS NULL OR rate_limit_percent BETWEEN 0 AND 100')
export class ClientReturnRule {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** Most returns in the last 30 days, as a percent of the leads delivered then; `RETURN_RATE_LIMIT_PERCENT` when null. */
  @Column({ name: 'rate_limit_percent', type: 'integer', nullable: true })
  rateLimitPercent!: number | null;

  /** A trusted client: its returns within the limit are approved at once. */
  @Column({ name: 'auto_approve', type: 'boolean', default: false })
  autoApprove!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
