import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job Redis could not take when it was queued (Redis down or too slow). It waits here, in
 * PostgreSQL, until the worker's relay hands it to its Bull queue; then the row is deleted.
 */
@Entity({ name: 'parked_jobs' })
@Index('parked_jobs_run_at_idx', ['runAt'])
export class ParkedJob {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  queue!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** Bull's options as given (job id, attempts, backoff…), without the delay: `runAt` holds it. */
  @Column({ type: 'jsonb' })
  opts!: Record<string, unknown>;

  /** When the job may run: now, or the end of the delay it was queued with. */
  @Column({ name: 'run_at', type: 'timestamptz' })
  runAt!: Date;

  /** Why Redis did not take it, for the logs and an operator. */
  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
