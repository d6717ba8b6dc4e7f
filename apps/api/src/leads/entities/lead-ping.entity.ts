import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LeadValues } from '../lead-fields';

export const PING_STATUSES = ['open', 'posting', 'posted', 'expired', 'refused'] as const;
export type PingStatus = (typeof PING_STATUSES)[number];

/** Statuses whose reservation still holds (until `expires_at`): counted against the buyer's caps, spend and credit. */
export const HOLDING_STATUSES: readonly PingStatus[] = ['open', 'posting'];

/**
 * A supplier's ping: a lead's non-personal data, offered before the lead itself. An accepted ping
 * reserves one lead of the winning buyer's caps and its price in spend and credit until
 * `expires_at` (the reservation simply stops counting then, whatever happened to the processes); a
 * post within that time consumes it. Refused pings are kept for the supplier's acceptance rate.
 */
@Entity({ name: 'lead_pings' })
// The reservations the offer checks count: only pings still holding, so the index stays small.
@Index('lead_pings_holding_client_idx', ['clientId', 'expiresAt'], { where: `status IN ('open', 'posting')` })
@Index('lead_pings_supplier_created_idx', ['supplierId', 'createdAt'])
@Check('lead_pings_status_check', `status IN ('open', 'posting', 'posted', 'expired', 'refused')`)
@Check('lead_pings_accepted_check', '(accepted AND client_id IS NOT NULL AND price IS NOT NULL) OR (NOT accepted AND client_id IS NULL)')
export class LeadPing {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Column({ name: 'industry_id', type: 'uuid' })
  industryId!: string;

  @Column({ type: 'boolean' })
  accepted!: boolean;

  /** Why no buyer took it (refused pings). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  code!: string | null;

  /** The buyer whose caps and credit hold the reservation (accepted pings). */
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  /** The lead's price for that buyer (its bid, else the campaign's), minor units. */
  @Column({ type: 'integer', nullable: true })
  price!: number | null;

  /** What the reservation holds of the buyer's spend and credit: the price it pays (0 when not billable). */
  @Column({ name: 'held_amount', type: 'integer', default: 0 })
  heldAmount!: number;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency!: string | null;

  @Column({ type: 'varchar', length: 8 })
  postcode!: string;

  /** The non-personal fields pinged, normalised: the post's must be the same. */
  @Column({ type: 'jsonb' })
  fields!: LeadValues;

  @Column({ type: 'varchar', length: 16 })
  status!: PingStatus;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The lead its post created. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId!: string | null;

  /** The post's answer, replayed to a repeat of the post. */
  @Column({ type: 'jsonb', nullable: true })
  answer!: object | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
