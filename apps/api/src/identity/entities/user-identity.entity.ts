import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

/**
 * A sign-in identity at an OpenID Connect provider (a Google account) linked to a user. The
 * provider's `sub` is the key: emails change, `sub` does not. A user has at most one per provider.
 */
@Entity({ name: 'user_identities' })
@Index('user_identities_provider_subject_key', ['provider', 'subject'], { unique: true })
@Index('user_identities_user_provider_key', ['userId', 'provider'], { unique: true })
export class UserIdentity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_identities_user_id_fkey' })
  user?: User;

  /** The provider's id in configuration: `google`. */
  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  /** The ID token's `sub`. */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** The provider's verified email when it was linked (shown in account settings). */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @CreateDateColumn({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
