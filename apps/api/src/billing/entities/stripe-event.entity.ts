import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Every Stripe event we have handled, by Stripe's id: at-least-once delivery becomes exactly-once handling. */
@Entity({ name: 'stripe_events' })
export class StripeEvent {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
