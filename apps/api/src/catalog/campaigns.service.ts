import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ActivityService } from '../activity';
import { Transactions } from '../core/database/transactions';
import { CampaignRepository } from './campaign.repository';
import type { CampaignDto, CreateCampaignDto, SubscriptionDto, UpdateCampaignDto } from './dto/distribution.dto';
import type { Campaign } from './entities/campaign.entity';

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly transactions: Transactions,
    private readonly activity: ActivityService,
  ) {}

  /** The most the client pays for one lead (industry price or a subscribed campaign's override), or null. */
  highestLeadPrice(clientId: string): Promise<number | null> {
    return this.campaigns.highestLeadPrice(clientId);
  }

  async list(): Promise<CampaignDto[]> {
    const all = await this.campaigns.all();
    return Promise.all(all.map((c) => this.toDto(c)));
  }

  async get(id: string): Promise<CampaignDto> {
    const c = await this.campaigns.byId(id);
    if (!c) throw new NotFoundException('No campaign with that id');
    return this.toDto(c);
  }

  async create(dto: CreateCampaignDto): Promise<CampaignDto> {
    await this.assertIndustry(dto.industryId);
    const row = await this.campaigns.insert({
      name: dto.name,
      industryId: dto.industryId,
      strategy: dto.strategy,
      priceOverride: dto.priceOverride ?? null,
      active: dto.active ?? true,
      resaleAuto: dto.resaleAuto ?? false,
      resaleDiscountPercent: dto.resaleDiscountPercent ?? null,
    });
    return this.toDto(row);
  }

  async update(id: string, dto: UpdateCampaignDto): Promise<CampaignDto> {
    const row = await this.campaigns.byId(id);
    if (!row) throw new NotFoundException('No campaign with that id');
    if (dto.industryId) await this.assertIndustry(dto.industryId);
    Object.assign(row, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    return this.toDto(await this.campaigns.save(row));
  }

  /** Adds or changes one buyer's subscription. The buyer must be of the campaign's industry. */
  async subscribe(campaignId: string, dto: SubscriptionDto, actorUserId: string | null = null): Promise<CampaignDto> {
    const campaign = await this.campaigns.byId(campaignId);
    if (!campaign) throw new NotFoundException('No campaign with that id');
    const client = await this.campaigns.clientIndustry(dto.clientId);
    if (!client)
      throw new BadRequestException({
        message: 'clientId must be the id of a client',
        details: [{ field: 'clientId', messages: ['no such client'] }],
      });
    if (client.industryId !== campaign.industryId) {
      throw new BadRequestException({
        message: 'The client buys leads of another industry',
        details: [{ field: 'clientId', messages: ['the client buys leads of another industry'] }],
      });
    }
    const price = campaign.priceOverride ?? (await this.campaigns.industryLeadCost(campaign.industryId));
    if (dto.bid !== undefined && dto.bid !== null && dto.bid < price) {
      throw new UnprocessableEntityException({
        message: `A bid must be at least the campaign's price (${price} minor units)`,
        details: [{ field: 'bid', messages: [`must be at least ${price}, the campaign's price`] }],
      });
    }
    const after = {
      campaignId,
      clientId: dto.clientId,
      weight: dto.weight ?? 1,
      priority: dto.priority ?? 100,
      dailyCap: dto.dailyCap ?? null,
      weeklyCap: dto.weeklyCap ?? null,
      bid: dto.bid ?? null,
      active: dto.active ?? true,
    };
    await this.transactions.run(async (tx) => {
      const before = await this.campaigns.subscription(tx, campaignId, dto.clientId);
      await this.campaigns.saveSubscription(tx, after);
      await this.activity.record(tx, {
        clientId: dto.clientId,
        actorUserId,
        action: 'campaign_subscription.saved',
        before: before ? { ...before } : null,
        after: { ...after, campaign: campaign.name },
      });
    });
    return this.get(campaignId);
  }

  async unsubscribe(campaignId: string, clientId: string, actorUserId: string | null = null): Promise<CampaignDto> {
    await this.transactions.run(async (tx) => {
      const before = await this.campaigns.subscription(tx, campaignId, clientId);
      if (!before) return;
      await this.campaigns.deleteSubscription(tx, campaignId, clientId);
      await this.activity.record(tx, { clientId, actorUserId, action: 'campaign_subscription.removed', before: { ...before } });
    });
    return this.get(campaignId);
  }

  private async assertIndustry(id: string): Promise<void> {
    if (!(await this.campaigns.industryExists(id))) {
      throw new BadRequestException({
        message: 'industryId must be the id of an industry',
        details: [{ field: 'industryId', messages: ['no such industry'] }],
      });
    }
  }

  private async toDto(c: Campaign): Promise<CampaignDto> {
    const subs = await this.campaigns.subscriptions(c.id);
    return {
      id: c.id,
      name: c.name,
      industryId: c.industryId,
      strategy: c.strategy,
      priceOverride: c.priceOverride,
      active: c.active,
      resaleAuto: c.resaleAuto,
      resaleDiscountPercent: c.resaleDiscountPercent,
      subscriptions: subs.map((s) => ({
        clientId: s.clientId,
        weight: s.weight,
        priority: s.priority,
        dailyCap: s.dailyCap,
        weeklyCap: s.weeklyCap,
        bid: s.bid,
        active: s.active,
      })),
    };
  }
}
