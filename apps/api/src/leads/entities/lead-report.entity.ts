import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const REPORT_REASONS = ['wrong_number', 'duplicate', 'fake', 'out_of_area', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A buyer's complaint about a delivered lead; an admin approves (refund, once) or rejects it. */
@Entity({ name: 'lead_reports' })
@Index('lead_reports_status_created_idx', ['status', 'createdAt'])
@Index('lead_reports_created_idx', ['createdAt'])
@Check('lead_reports_reason_check', `reason IN ('wrong_number', 'duplicate', 'fake', 'out_of_area', 'other')`)
@Check('lead_reports_status_check', `status IN ('pending', 'approved', 'rejected')`)
export class LeadReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** One report per delivery. */
  @Index('lead_reports_delivery_id_key', { unique: true })
  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @Index('lead_reports_client_id_idx')
  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'varchar', length: 20 })
  reason!: ReportReason;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: ReportStatus;

  @Column({ name: 'admin_note', type: 'text', nullable: true })
  adminNote!: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
