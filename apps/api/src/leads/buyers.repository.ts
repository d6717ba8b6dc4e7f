import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Client } from '../clients';
import { LeadPreferences } from '../accounts';
import { Campaign, CampaignSubscription, Industry } from '../catalog';
import { fromJsonRow, queryPrepared } from '../core/database/sql';

/**
 * A version of a buyer's rows that the decisions depend on (the client, its lead preferences, its
 * industry): an md5 of their contents, so any change to any of them changes it. `client` is an SQL
 * expression of the client's id.
 */
export function buyerVersionSql(client: string): string {
  return `(SELECT md5(row_to_json(c)::text || coalesce(row_to_json(p)::text, '') || coalesce(row_to_json(i)::text, ''))
    FROM clients c LEFT JOIN lead_preferences p ON p.client_id = c.id LEFT JOIN industries i ON i.id = c.industry_id
    WHERE c.id = ${client})`;
}

/** A buyer behind a LeadByte lead URL, with what its decisions read, and its version. */
export interface LeadbyteBuyer {
  token: string;
  client: Client;
  prefs: LeadPreferences | null;
  industry: Industry | null;
  version: string;
}

export type OfferPrefs = Pick<
  LeadPreferences,
  | 'postcodeAreas'
  | 'deliveryDays'
  | 'deliveryStartMinute'
  | 'deliveryEndMinute'
  | 'timeZone'
  | 'paused'
  | 'dailyCap'
  | 'weeklyCap'
  | 'weeklySpendLimit'
  | 'monthlySpendLimit'
>;

/** What distribution needs of a campaign and its buyers, read in one statement. */
export interface CampaignContext {
  campaign: Pick<Campaign, 'id' | 'industryId' | 'strategy' | 'priceOverride' | 'active'>;
  industry: Pick<Industry, 'id' | 'name' | 'leadCost' | 'currency' | 'leadColumns'>;
  subs: Array<{
    clientId: string;
    weight: number;
    priority: number;
    dailyCap: number | null;
    weeklyCap: number | null;
    /** The buyer's bid for the campaign's leads (minor units), or null for the campaign's price. */
    bid: number | null;
    client: Pick<Client, 'id' | 'industryId' | 'onboardingStep' | 'status' | 'billingMode'> | null;
    prefs: OfferPrefs | null;
  }>;
}

/**
 * The buyers' side of an offer, read-only: clients and their lead preferences (accounts), industries,
 * campaigns and subscriptions (catalog), joined as the hot paths need them in one statement each.
 * Nothing here writes; the owners of these tables do.
 */
@Injectable()
export class BuyersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The buyer behind a lead URL, with its preferences, industry and version, in one statement. */
  async leadbyteBuyer(token: string): Promise<LeadbyteBuyer | null> {
    const [row] = await queryPrepared<{
      client: Record<string, unknown>;
      prefs: Record<string, unknown> | null;
      industry: Record<string, unknown> | null;
      version: string;
    }>(
      this.db,
      'leadbyte_buyer',
      `SELECT row_to_json(bc) AS client, row_to_json(bp) AS prefs, row_to_json(bi) AS industry, ${buyerVersionSql('bc.id')} AS version
       FROM clients bc LEFT JOIN lead_preferences bp ON bp.client_id = bc.id LEFT JOIN industries bi ON bi.id = bc.industry_id
       WHERE bc.inbound_token = $1`,
      [token],
    );
    if (!row) return null;
    return {
      token,
      version: row.version,
      client: fromJsonRow(this.db, Client, row.client),
      prefs: row.prefs ? fromJsonRow(this.db, LeadPreferences, row.prefs) : null,
      industry: row.industry ? fromJsonRow(this.db, Industry, row.industry) : null,
    };
  }

  /** The campaign, its industry and its active subscriptions with each buyer's state and preferences. */
  async campaignContext(campaignId: string): Promise<CampaignContext | null> {
    const [row] = await queryPrepared<CampaignContext>(
      this.db,
      'distribution_context',
      `SELECT
         json_build_object('id', c.id, 'industryId', c.industry_id, 'strategy', c.strategy, 'priceOverride', c.price_override, 'active', c.active) AS campaign,
         json_build_object('id', i.id, 'name', i.name, 'leadCost', i.lead_cost, 'currency', i.currency, 'leadColumns', i.lead_columns) AS industry,
         (SELECT coalesce(json_agg(json_build_object(
             'clientId', s.client_id, 'weight', s.weight, 'priority', s.priority, 'dailyCap', s.daily_cap, 'weeklyCap', s.weekly_cap, 'bid', s.bid,
             'client', CASE WHEN cl.id IS NULL THEN NULL ELSE json_build_object('id', cl.id, 'industryId', cl.industry_id, 'onboardingStep', cl.onboarding_step, 'status', cl.status, 'billingMode', cl.billing_mode) END,
             'prefs', CASE WHEN p.client_id IS NULL THEN NULL ELSE json_build_object('postcodeAreas', p.postcode_areas, 'deliveryDays', p.delivery_days, 'deliveryStartMinute', p.delivery_start_minute,
               'deliveryEndMinute', p.delivery_end_minute, 'timeZone', p.time_zone, 'paused', p.paused, 'dailyCap', p.daily_cap, 'weeklyCap', p.weekly_cap,
               'weeklySpendLimit', p.weekly_spend_limit, 'monthlySpendLimit', p.monthly_spend_limit) END
           ) ORDER BY s.client_id), '[]'::json)
          FROM campaign_subscriptions s LEFT JOIN clients cl ON cl.id = s.client_id LEFT JOIN lead_preferences p ON p.client_id = s.client_id
          WHERE s.campaign_id = c.id AND s.active) AS subs
       FROM campaigns c JOIN industries i ON i.id = c.industry_id
       WHERE c.id = $1`,
      [campaignId],
    );
    return row ?? null;
  }

  /** For a reprocess: the lead's industry and campaign. */
  async industry(id: string): Promise<Industry> {
    return this.db.manager.findOneOrFail(Industry, { where: { id } });
  }

  async campaign(id: string): Promise<Campaign | null> {
    return this.db.manager.findOne(Campaign, { where: { id } });
  }

  /** The buyers a lead may be offered to again: a campaign's active subscriptions, or every active buyer of the industry (priority 100, weight 1, no own caps, no bid). */
  async reofferCandidates(
    campaignId: string | null,
    industryId: string,
  ): Promise<Array<Pick<CampaignSubscription, 'clientId' | 'weight' | 'priority' | 'dailyCap' | 'weeklyCap' | 'bid'>>> {
    if (campaignId) return this.db.manager.find(CampaignSubscription, { where: { campaignId, active: true } });
    return (await this.db.query(
      `SELECT id AS "clientId", 1 AS weight, 100 AS priority, NULL::int AS "dailyCap", NULL::int AS "weeklyCap", NULL::int AS bid FROM clients WHERE industry_id = $1 AND onboarding_step = 'complete' AND status = 'active'`,
      [industryId],
    )) as CampaignSubscription[];
  }

  /** Buyers and their lead preferences, by id. */
  async buyers(ids: string[]): Promise<{ clients: Client[]; prefs: LeadPreferences[] }> {
    const clients = await this.db.manager.createQueryBuilder(Client, 'c').where('c.id IN (:...ids)', { ids }).getMany();
    const prefs = await this.db.manager.createQueryBuilder(LeadPreferences, 'p').where('p.client_id IN (:...ids)', { ids }).getMany();
    return { clients, prefs };
  }
}
