import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Client } from '../../clients';

/** A saved card (Stripe PaymentMethod). At most one default per client. */
@Entity({ name: 'payment_methods' })
@Index('payment_methods_one_default_per_client', ['clientId'], { unique: true, where: 'is_default' })
export class PaymentMethod {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('payment_methods_client_id_idx')
  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'payment_methods_client_id_fkey' })
  client?: Client;

  @Index('payment_methods_stripe_id_key', { unique: true })
  @Column({ name: 'stripe_payment_method_id', type: 'varchar', length: 255 })
  stripePaymentMethodId!: string;

  @Column({ type: 'varchar', length: 32 })
  brand!: string;

  @Column({ type: 'char', length: 4 })
  last4!: string;

  @Column({ name: 'exp_month', type: 'smallint' })
  expMonth!: number;

  @Column({ name: 'exp_year', type: 'smallint' })
  expYear!: number;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
