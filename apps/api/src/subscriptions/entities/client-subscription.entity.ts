import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Client } from '../../clients';
import { Plan } from './plan.entity';

export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'suspended', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * A client's platform subscription, one per client. The client's seat limit (`clients.seat_limit`,
 * which the team checks) is always plan seats + add-on seats + comped seats: only
 * SubscriptionsService changes these three, and it writes the seat limit in the same transaction.
 */
@Entity({ name: 'client_subscriptions' })
@Index('client_subscriptions_plan_idx', ['planId'])
@Check('client_subscriptions_seats_check', 'add_on_seats >= 0 AND comped_seats >= 0')
@Check('client_subscriptions_status_check', "status IN ('active', 'past_due', 'suspended', 'canceled')")
export class ClientSubscription {
  @PrimaryColumn({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'client_subscriptions_client_id_fkey' })
  client?: Client;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'client_subscriptions_plan_id_fkey' })
  plan?: Plan;

  /** Seats bought on top of the plan's. */
  @Column({ name: 'add_on_seats', type: 'int', default: 0 })
  addOnSeats!: number;

  /** Seats given free by an admin (or by the move onto plans, to keep a client's seat limit). */
  @Column({ name: 'comped_seats', type: 'int', default: 0 })
  compedSeats!: number;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: SubscriptionStatus;

  @Column({ name: 'current_period_start', type: 'timestamptz' })
  currentPeriodStart!: Date;

  /** "Valid until"; null on the free plan, which does not run out. */
  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true })
  currentPeriodEnd!: Date | null;

  /** When the next invoice is due; null while nothing is billed (the free plan). */
  @Column({ name: 'next_bill_at', type: 'timestamptz', nullable: true })
  nextBillAt!: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false })
  cancelAtPeriodEnd!: boolean;

  /** A paid plan chosen on the pricing page, bought at the card step (checkout). */
  @Column({ name: 'pending_plan_id', type: 'uuid', nullable: true })
  pendingPlanId!: string | null;

  @ManyToOne(() => Plan, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'pending_plan_id', foreignKeyConstraintName: 'client_subscriptions_pending_plan_id_fkey' })
  pendingPlan?: Plan | null;

  /** A downgrade (or a change of billing period) that takes effect when the current period ends. */
  @Column({ name: 'scheduled_plan_id', type: 'uuid', nullable: true })
  scheduledPlanId!: string | null;

  @ManyToOne(() => Plan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scheduled_plan_id', foreignKeyConstraintName: 'client_subscriptions_scheduled_plan_id_fkey' })
  scheduledPlan?: Plan | null;

  /** When the scheduled plan and seats take effect: the end of what was paid when they were asked for. */
  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true })
  scheduledFor!: Date | null;

  /** Add-on seats from `scheduledFor` (a removal); null when unchanged. */
  @Column({ name: 'scheduled_add_on_seats', type: 'int', nullable: true })
  scheduledAddOnSeats!: number | null;

  /** When the charge of the unpaid invoice first failed; null while nothing is overdue. */
  @Column({ name: 'past_due_since', type: 'timestamptz', nullable: true })
  pastDueSince!: Date | null;

  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true })
  canceledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
