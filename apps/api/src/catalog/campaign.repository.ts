import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { CampaignSubscription } from './entities/campaign-subscription.entity';
import { Campaign } from './entities/campaign.entity';
import { Industry } from './entities/industry.entity';

export type SubscriptionRow = Pick<
  CampaignSubscription,
  'campaignId' | 'clientId' | 'weight' | 'priority' | 'dailyCap' | 'weeklyCap' | 'bid' | 'active'
>;

/** campaigns (but their rotation: CampaignRotationRepository) and campaign_subscriptions: the only writer. */
@Injectable()
export class CampaignRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<Campaign[]> {
    return this.db.manager.find(Campaign, { order: { name: 'ASC' } });
  }

  byId(id: string): Promise<Campaign | null> {
    return this.db.manager.findOne(Campaign, { where: { id } });
  }

  insert(
    c: Pick<Campaign, 'name' | 'industryId' | 'strategy' | 'priceOverride' | 'active' | 'resaleAuto' | 'resaleDiscountPercent'>,
  ): Promise<Campaign> {
    return this.db.manager.save(this.db.manager.create(Campaign, c));
  }

  save(c: Campaign): Promise<Campaign> {
    return this.db.manager.save(c);
  }

  /** A campaign's subscriptions, by priority then buyer. */
  subscriptions(campaignId: string): Promise<CampaignSubscription[]> {
    return this.db.manager.find(CampaignSubscription, { where: { campaignId }, order: { priority: 'ASC', clientId: 'ASC' } });
  }

  subscription(tx: Tx, campaignId: string, clientId: string): Promise<CampaignSubscription | null> {
    return managerOf(this.db, tx).findOne(CampaignSubscription, { where: { campaignId, clientId } });
  }

  async saveSubscription(tx: Tx, s: SubscriptionRow): Promise<void> {
    await managerOf(this.db, tx).upsert(CampaignSubscription, s, ['campaignId', 'clientId']);
  }

  async deleteSubscription(tx: Tx, campaignId: string, clientId: string): Promise<void> {
    await managerOf(this.db, tx).delete(CampaignSubscription, { campaignId, clientId });
  }

  /** The most the client pays for one lead: its industry's price, or a campaign's override it is subscribed to; null if neither. */
  async highestLeadPrice(clientId: string): Promise<number | null> {
    const [row] = (await this.db.query(
      `SELECT GREATEST(
          (SELECT i.lead_cost FROM clients c JOIN industries i ON i.id = c.industry_id WHERE c.id = $1),
          (SELECT max(GREATEST(c.price_override, s.bid)) FROM campaigns c JOIN campaign_subscriptions s ON s.campaign_id = c.id
            WHERE s.client_id = $1 AND s.active AND c.active)
        )::int AS price`,
      [clientId],
    )) as Array<{ price: number | null }>;
    return row?.price ?? null;
  }

  /** An industry's price per lead (a campaign's price when it has no override). */
  async industryLeadCost(id: string): Promise<number> {
    return (await this.db.manager.findOneOrFail(Industry, { where: { id } })).leadCost;
  }

  industryExists(id: string): Promise<boolean> {
    return this.db.manager.exists(Industry, { where: { id } });
  }

  /** The industry a buyer buys leads of (a read of accounts' clients), or undefined when there is no such client. */
  async clientIndustry(clientId: string): Promise<{ industryId: string | null } | undefined> {
    const [row] = (await this.db.query('SELECT industry_id FROM clients WHERE id = $1', [clientId])) as Array<{
      industry_id: string | null;
    }>;
    return row ? { industryId: row.industry_id } : undefined;
  }
}
