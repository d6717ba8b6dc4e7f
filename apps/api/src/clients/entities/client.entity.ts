import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CLIENT_STATUSES = ['onboarding', 'active', 'paused', 'suspended'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];
export const BILLING_MODES = ['billable', 'non_billable'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const ONBOARDING_STEPS = ['business_details', 'lead_preferences', 'card', 'complete'] as const;
export type OnboardingStep = (typeof ONBOARDING_STEPS)[number];

/** The business that buys leads. Its business details arrive with onboarding. */
@Entity({ name: 'clients' })
@Check('clients_status_check', `status IN ('onboarding', 'active', 'paused', 'suspended')`)
@Check('clients_billing_mode_check', `billing_mode IN ('billable', 'non_billable')`)
export class Client {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16, default: 'onboarding' })
  status!: ClientStatus;

  @Column({ name: 'billing_mode', type: 'varchar', length: 16, default: 'billable' })
  billingMode!: BillingMode;

  @Column({ name: 'onboarding_step', type: 'varchar', length: 32, default: 'business_details' })
  onboardingStep!: OnboardingStep;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
