import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

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

  @Column({ name: 'business_name', type: 'varchar', length: 200, nullable: true })
  businessName!: string | null;

  /** Lower-cased, trimmed, single-spaced business name: unique across clients. */
  @Index('clients_business_name_key', { unique: true })
  @Column({ name: 'business_name_key', type: 'varchar', length: 200, nullable: true })
  businessNameKey!: string | null;

  @Index('clients_industry_id_idx')
  @Column({ name: 'industry_id', type: 'uuid', nullable: true })
  industryId!: string | null;

  /** The catalog's industry, named rather than imported: the catalog module sits above this one. */
  @ManyToOne('Industry', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'industry_id', foreignKeyConstraintName: 'clients_industry_id_fkey' })
  industry?: { id: string; name: string } | null;

  @Column({ name: 'address_line1', type: 'varchar', length: 200, nullable: true })
  addressLine1!: string | null;

  @Column({ name: 'address_line2', type: 'varchar', length: 200, nullable: true })
  addressLine2!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  town!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  postcode!: string | null;

  @Column({ name: 'business_phone', type: 'varchar', length: 32, nullable: true })
  businessPhone!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  website!: string | null;

  @Index('clients_stripe_customer_id_key', { unique: true })
  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255, nullable: true })
  stripeCustomerId!: string | null;

  @Column({ name: 'leadbyte_buyer_id', type: 'integer', nullable: true })
  leadbyteBuyerId!: number | null;

  @Column({ name: 'xero_contact_id', type: 'uuid', nullable: true })
  xeroContactId!: string | null;

  /** The unguessable path segment of this client's inbound lead URL. */
  @Index('clients_inbound_token_key', { unique: true })
  @Column({ name: 'inbound_token', type: 'varchar', length: 64, nullable: true })
  inboundToken!: string | null;

  /** How many people (members plus pending team invites) may share the account; set by admins. */
  @Column({ name: 'seat_limit', type: 'int', default: 5 })
  seatLimit!: number;

  @Column({ name: 'onboarded_at', type: 'timestamptz', nullable: true })
  onboardedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
