import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ErasureReason } from '../lead-erasure';
import type { LeadContact } from '../lead-fields';

export const LEAD_SOURCES = ['leadbyte', 'supplier'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const LEAD_STATUSES = ['delivered', 'rejected', 'unsold'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** For each candidate buyer: eligible, or the reason not. */
export interface EligibilityRecord {
  clientId: string;
  eligible: boolean;
  reason: string | null;
}

/** A lead as it arrived, with its outcome. One row per (source, buyer URL, external id): redeliveries find it. */
@Entity({ name: 'leads' })
@Index('leads_source_target_external_key', ['source', 'targetClientId', 'externalId'], {
  unique: true,
  where: `external_id IS NOT NULL AND source = 'leadbyte'`,
})
@Index('leads_supplier_external_key', ['supplierId', 'externalId'], {
  unique: true,
  where: `external_id IS NOT NULL AND source = 'supplier'`,
})
@Index('leads_industry_received_idx', ['industryId', 'receivedAt'])
@Index('leads_received_id_idx', ['receivedAt', 'id'])
// Partial, so a sold LeadByte lead writes neither: the admin's unsold list and the overview's supplier volumes.
@Index('leads_unsold_received_idx', ['receivedAt', 'id'], { where: `status = 'unsold'` })
@Index('leads_supplier_received_idx', ['supplierId', 'receivedAt'], { where: 'supplier_id IS NOT NULL' })
// Search over fields and contact has a pg_trgm GIN index on an expression, leads_search_trgm_idx
// (migration 1796800000000): TypeORM cannot describe it, and its schema diff leaves it alone.
// The retention job's walk: per industry, the oldest leads not yet erased.
@Index('leads_retention_idx', ['industryId', 'receivedAt'], { where: 'erased_at IS NULL' })
@Check('leads_erasure_reason_check', `erasure_reason IN ('retention', 'request')`)
@Check('leads_source_check', `source IN ('leadbyte', 'supplier')`)
@Check('leads_status_check', `status IN ('delivered', 'rejected', 'unsold')`)
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'industry_id', type: 'uuid' })
  industryId!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: LeadSource;

  /** LeadByte's lead id, or the supplier's reference. */
  @Column({ name: 'external_id', type: 'varchar', length: 100, nullable: true })
  externalId!: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId!: string | null;

  @Column({ name: 'supplier_id', type: 'uuid', nullable: true })
  supplierId!: string | null;

  /** The buyer whose URL LeadByte posted to (LeadByte leads). */
  @Column({ name: 'target_client_id', type: 'uuid', nullable: true })
  targetClientId!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  postcode!: string | null;

  /** The industry's columns, by key. */
  @Column({ type: 'jsonb' })
  fields!: object;

  /** LeadByte's standard fields the lead carried (name, address, phones, email…), normalised: `STANDARD_FIELDS`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  contact!: LeadContact;

  /** SHA-256 of the normalised phone and the industry: the duplicate check's phone key (the email's is on deliveries). */
  @Index('leads_fingerprint_idx')
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: LeadStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  eligibility!: EligibilityRecord[];

  /** The first answer given for this lead, replayed to redeliveries. */
  @Column({ type: 'jsonb', nullable: true })
  response!: object | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /**
   * When the lead's personal data was erased (lead-erasure.ts: what is kept), and why; null while
   * it is held. The row stays: deliveries, the ledger and invoices refer to it.
   */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  @Column({ name: 'erasure_reason', type: 'varchar', length: 16, nullable: true })
  erasureReason!: ErasureReason | null;
}
