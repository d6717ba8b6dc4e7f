import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_STATUSES = ['delivered', 'reported', 'refunded', 'rejected_report', 'reprocessed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A lead given to a buyer, and what it cost. A lead reaches a buyer at most once. */
@Entity({ name: 'deliveries' })
@Index('deliveries_lead_client_key', ['leadId', 'clientId'], { unique: true })
// The client's leads list pages and counts from this index alone (status included for its filter).
@Index('deliveries_client_delivered_id_idx', ['clientId', 'deliveredAt', 'id', 'status'])
@Index('deliveries_client_fingerprint_idx', ['clientId', 'fingerprint', 'deliveredAt'])
@Index('deliveries_client_email_fingerprint_idx', ['clientId', 'emailFingerprint', 'deliveredAt'])
// The lists' rare statuses (refunded, reported, rejected report): a plain delivery writes no entry here.
@Index('deliveries_client_unusual_status_idx', ['clientId', 'status', 'deliveredAt', 'id'], { where: `status <> 'delivered'` })
@Check('deliveries_status_check', `status IN ('delivered', 'reported', 'refunded', 'rejected_report', 'reprocessed')`)
@Check('deliveries_price_check', 'price >= 0')
export class Delivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** Minor units charged (0 for non-billable buyers). */
  @Column({ type: 'integer' })
  price!: number;

  @Column({ type: 'char', length: 3, default: 'GBP' })
  currency!: string;

  @Column({ type: 'varchar', length: 20, default: 'delivered' })
  status!: DeliveryStatus;

  /** The lead's phone key (`duplicateKeysOf`), copied so the duplicate check needs no join. */
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint!: string | null;

  /** The lead's email key (`duplicateKeysOf`): a lead is a duplicate when either key matches. */
  @Column({ name: 'email_fingerprint', type: 'char', length: 64, nullable: true })
  emailFingerprint!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', default: () => 'now()' })
  deliveredAt!: Date;
}
