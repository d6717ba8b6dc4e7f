import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { REPORT_REASONS, type ReportReason } from '../../catalog';

export { REPORT_REASONS, type ReportReason };
/** `reversed`: an automatic approval an admin took back (the refund charged again). */
export const REPORT_STATUSES = ['pending', 'approved', 'rejected', 'reversed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A buyer's complaint about a delivered lead; an admin approves (refund, once) or rejects it. */
@Entity({ name: 'lead_reports' })
@Index('lead_reports_status_created_idx', ['status', 'createdAt'])
@Index('lead_reports_created_idx', ['createdAt'])
@Check('lead_reports_reason_check', `reason IN ('wrong_number', 'duplicate', 'fake', 'out_of_area', 'other')`)
@Check('lead_reports_status_check', `status IN ('pending', 'approved', 'rejected', 'reversed')`)
@Check('lead_reports_return_rate_check', 'return_rate_bps >= 0')
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

  /** The client's return rate over the last 30 days, this return included, when it was made (basis points). */
  @Column({ name: 'return_rate_bps', type: 'integer', default: 0 })
  returnRateBps!: number;

  /** The rate was past the client's limit: recorded, never approved automatically. */
  @Column({ name: 'over_limit', type: 'boolean', default: false })
  overLimit!: boolean;

  /** Approved at once by the return rules rather than by an admin. */
  @Column({ type: 'boolean', default: false })
  automatic!: boolean;

  @Column({ name: 'reversed_by', type: 'uuid', nullable: true })
  reversedBy!: string | null;

  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;

  /** The buyer the returned lead was sold to again, and the discounted price it paid. */
  @Column({ name: 'resold_to', type: 'uuid', nullable: true })
  resoldTo!: string | null;

  @Column({ name: 'resale_price', type: 'integer', nullable: true })
  resalePrice!: number | null;

  @Column({ name: 'resold_at', type: 'timestamptz', nullable: true })
  resoldAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
