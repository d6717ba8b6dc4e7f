import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PRIVACY_REQUEST_KINDS = ['erasure', 'access'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

/**
 * A person's request to erase, or to see, what we hold about them: who asked it of us (an admin),
 * when, and what it found. The person is kept only as keyed hashes (HMAC-SHA256) of the normalised
 * email and phone, so a repeat request is recognised without the record holding either.
 */
@Entity({ name: 'privacy_requests' })
@Index('privacy_requests_email_hash_idx', ['emailHash', 'createdAt'], { where: 'email_hash IS NOT NULL' })
@Index('privacy_requests_phone_hash_idx', ['phoneHash', 'createdAt'], { where: 'phone_hash IS NOT NULL' })
@Index('privacy_requests_created_idx', ['createdAt', 'id'])
@Check('privacy_requests_kind_check', `kind IN ('erasure', 'access')`)
@Check('privacy_requests_person_check', 'email_hash IS NOT NULL OR phone_hash IS NOT NULL')
export class PrivacyRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: PrivacyRequestKind;

  @Column({ name: 'email_hash', type: 'char', length: 64, nullable: true })
  emailHash!: string | null;

  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash!: string | null;

  /** The admin who made it. */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  /** Leads erased (an erasure) or found (an access request). */
  @Column({ name: 'lead_count', type: 'integer', default: 0 })
  leadCount!: number;

  /** Buyers sent `lead.erased` (an erasure). */
  @Column({ name: 'buyer_count', type: 'integer', default: 0 })
  buyerCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
