import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One HTTP request of a delivery, as sent and as answered: the delivery log. */
@Entity({ name: 'webhook_attempts' })
@Index('webhook_attempts_delivery_idx', ['deliveryId', 'attempt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ type: 'int' })
  attempt!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ name: 'request_headers', type: 'jsonb' })
  requestHeaders!: Record<string, string>;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  /** The first kilobyte of the answer. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  /** Timeout, refused address, connection error. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;
}
