import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change it describes (transactional
 * outbox). A relay delivers unpublished rows as outbound webhooks.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished_idx', ['seq'], { where: 'published_at IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Insertion order: events of one aggregate are relayed, and delivered, in this order. */
  @Column({ type: 'bigint', update: false })
  @Generated('increment')
  seq!: string;

  /** Stable, versioned type name, e.g. `business_details.submitted`. */
  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ name: 'aggregate_type', type: 'varchar', length: 50 })
  aggregateType!: string;

  /** Indexed for erasure: a lead's events are found by it. */
  @Index('outbox_events_aggregate_id_idx')
  @Column({ name: 'aggregate_id', type: 'uuid' })
  aggregateId!: string;

  @Index('outbox_events_client_id_idx')
  @Column({ name: 'client_id', type: 'uuid', nullable: true })
  clientId!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
