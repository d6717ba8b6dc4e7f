import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_STATES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One event on its way to one endpoint, with its retry state. The body is fixed when the event
 * fans out, so every attempt (and a replay) sends the same bytes under the same `webhook-id`.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('webhook_deliveries_event_endpoint_uq', ['endpointId', 'eventId'], { unique: true, where: 'replay_of IS NULL' })
@Index('webhook_deliveries_endpoint_created_idx', ['endpointId', 'createdAt'])
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('webhook_deliveries_undispatched_idx', ['nextAttemptAt'], { where: "status = 'pending' AND dispatched_at IS NULL" })
// The dashboard's "webhook failing" check reads only the failed deliveries.
@Index('webhook_deliveries_failed_idx', ['endpointId', 'completedAt'], { where: "status = 'failed'" })
@Index('webhook_deliveries_owner_created_idx', ['ownerClientId', 'createdAt'], { where: 'owner_client_id IS NOT NULL' })
@Index('webhook_deliveries_order_idx', ['endpointId', 'aggregateId', 'eventSeq'], { where: "status = 'pending'" })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  /** The endpoint's owner (null for platform endpoints): who may see this delivery. */
  @Column({ name: 'owner_client_id', type: 'uuid', nullable: true })
  ownerClientId!: string | null;

  /** The event's id; sent as `webhook-id`. Indexed for erasure: an event's bodies are rewritten by it. */
  @Index('webhook_deliveries_event_id_idx')
  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType!: string;

  @Column({ name: 'event_seq', type: 'bigint' })
  eventSeq!: string;

  @Column({ name: 'aggregate_id', type: 'uuid' })
  aggregateId!: string;

  /** The JSON body sent, exactly. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: DeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** Set when handed to the queue; a delivery dispatched long ago and never attempted is handed over again. */
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  /** Held by a worker while an attempt is in flight. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'replay_of', type: 'uuid', nullable: true })
  replayOf!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
