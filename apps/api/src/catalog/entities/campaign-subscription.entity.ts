import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A buyer taking part in a campaign. */
@Entity({ name: 'campaign_subscriptions' })
@Index('campaign_subscriptions_campaign_client_key', ['campaignId', 'clientId'], { unique: true })
@Check('campaign_subscriptions_weight_check', 'weight BETWEEN 1 AND 10')
@Check('campaign_subscriptions_bid_check', 'bid IS NULL OR bid >= 0')
@Check('campaign_subscriptions_caps_check', '(daily_cap IS NULL OR daily_cap > 0) AND (weekly_cap IS NULL OR weekly_cap > 0)')
export class CampaignSubscription {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId!: string;

  @Index('campaign_subscriptions_client_id_idx')
  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  @Column({ type: 'smallint', default: 1 })
  weight!: number;

  /** Waterfall order: 1 is tried first. */
  @Column({ type: 'integer', default: 100 })
  priority!: number;

  @Column({ name: 'daily_cap', type: 'integer', nullable: true })
  dailyCap!: number | null;

  @Column({ name: 'weekly_cap', type: 'integer', nullable: true })
  weeklyCap!: number | null;

  /**
   * What this buyer pays for the campaign's leads (minor units), when it bids above the campaign's
   * price; null pays the campaign's price. Waterfall offers the highest price first.
   */
  @Column({ type: 'integer', nullable: true })
  bid!: number | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
