import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Sends leads to `POST /api/leads/ingest` with an API key (shown once, stored hashed, rotatable). */
@Entity({ name: 'suppliers' })
export class Supplier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** SHA-256 of the key (keys are 32 random bytes, so a fast hash is enough). */
  @Index('suppliers_key_hash_key', { unique: true })
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  /** The first characters of the key, to tell keys apart in lists. */
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix!: string;

  /** Campaigns this supplier may post to. */
  @Column({ name: 'campaign_ids', type: 'uuid', array: true, default: () => "'{}'" })
  campaignIds!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
