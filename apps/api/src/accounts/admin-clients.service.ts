import { txOf } from '../core/database/transactions';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ActivityService } from '../activity/activity.service';
import { ClientInvite } from './entities/client-invite.entity';
import { Client } from './entities/client.entity';
import { IntegrationState, type IntegrationKind } from './entities/integration-state.entity';
import { User } from '../identity/entities/user.entity';
import { AppConfig } from '../core/config/app-config';
import type {
  AdminClientDto,
  AdminClientPageDto,
  CreateInviteDto,
  InviteDto,
  ListClientsQueryDto,
  SetBillingModeDto,
} from './dto/admin-clients.dto';
import type { IntegrationStateDto } from './dto/onboarding.dto';
import { IntegrationsService } from './integrations.service';
import { OnboardingCompletion } from './onboarding-completion.service';
import { OnboardingService } from './onboarding.service';

@Injectable()
export class AdminClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly onboarding: OnboardingService,
    private readonly integrations: IntegrationsService,
    private readonly completion: OnboardingCompletion,
    private readonly activity: ActivityService,
  ) {}

  async list(query: ListClientsQueryDto): Promise<AdminClientPageDto> {
    const qb = this.db.manager
      .createQueryBuilder(Client, 'c')
      .leftJoinAndSelect('c.industry', 'i')
      .leftJoin(User, 'u', "u.client_id = c.id AND u.client_role = 'owner'")
      .addSelect('u.email', 'owner_email')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'ASC');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.search) {
      const like = `%${query.search.replace(/[\\%_]/g, (ch: string) => `\\${ch}`)}%`;
      qb.andWhere('(c.business_name ILIKE :like OR u.email ILIKE :like)', { like });
    }
    if (query.integration) {
      qb.andWhere('EXISTS (SELECT 1 FROM integration_states s WHERE s.client_id = c.id AND s.status = :istatus)', {
        istatus: query.integration,
      });
    }
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities<{ owner_email: string | null }>();
    const states = await this.statesFor(entities.map((c) => c.id));
    const rates = await this.reportRates(entities.map((c) => c.id));
    return {
      items: entities.map((c, i) => ({
        id: c.id,
        businessName: c.businessName,
        industryId: c.industryId,
        industryName: c.industry?.name ?? null,
        ownerEmail: raw[i]?.owner_email ?? null,
        status: c.status,
        billingMode: c.billingMode,
        onboardingStep: c.onboardingStep,
        integrations: states.get(c.id) ?? [],
        leadsDelivered30d: rates.get(c.id)?.delivered ?? 0,
        reportRate30d: rates.get(c.id)?.rate ?? null,
        createdAt: c.createdAt.toISOString(),
      })),
      meta: { page: query.page, pageSize: query.pageSize, total },
    };
  }

  async get(clientId: string): Promise<AdminClientDto> {
    const client = await this.db.manager.findOne(Client, { where: { id: clientId } });
    if (!client) throw new NotFoundException('No client with that id');
    const owner = await this.db.manager.findOne(User, { where: { clientId, clientRole: 'owner' } });
    return {
      ...(await this.onboarding.state(clientId)),
      id: client.id,
      ownerEmail: owner?.email ?? null,
      stripeCustomerId: client.stripeCustomerId,
      leadbyteBuyerId: client.leadbyteBuyerId,
      xeroContactId: client.xeroContactId,
    };
  }

  /** Billable ↔ non-billable at any time. A newly billable client gets its Stripe customer. */
  async setBillingMode(clientId: string, actorUserId: string, dto: SetBillingModeDto): Promise<AdminClientDto> {
    const runs = await this.db.transaction(async (tx) => {
      const client = await tx.findOne(Client, { where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
      if (!client) throw new NotFoundException('No client with that id');
      if (client.billingMode === dto.billingMode) return [];
      await tx.update(Client, { id: clientId }, { billingMode: dto.billingMode });
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'billing_mode.changed',
        before: { billingMode: client.billingMode },
        after: { billingMode: dto.billingMode },
      });
      await this.completion.realign(tx, { ...client, billingMode: dto.billingMode }, actorUserId);
      const needsCustomer = dto.billingMode === 'billable' && client.businessName !== null && !client.stripeCustomerId;
      return needsCustomer ? this.integrations.prepare(tx, clientId, ['stripe_customer']) : [];
    });
    await this.integrations.dispatch(clientId, runs);
    return this.get(clientId);
  }

  async retry(clientId: string, kind: IntegrationKind): Promise<IntegrationStateDto> {
    return this.integrations.requeue(clientId, kind);
  }

  async createInvite(actorUserId: string, dto: CreateInviteDto): Promise<InviteDto> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + (dto.expiresInDays ?? 14) * 86_400_000);
    await this.db.manager.insert(ClientInvite, {
      tokenHash: createHash('sha256').update(token).digest('hex'),
      billingMode: dto.billingMode,
      email: dto.email ?? null,
      createdBy: actorUserId,
      expiresAt,
    });
    return {
      token,
      url: `${this.config.appUrl}/register?invite=${token}`,
      billingMode: dto.billingMode,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** Leads delivered in the last 30 days, and the share of them the client reported. */
  private async reportRates(clientIds: string[]): Promise<Map<string, { delivered: number; rate: number | null }>> {
    if (clientIds.length === 0) return new Map();
    const rows = (await this.db.query(
      `SELECT d.client_id, count(*)::int AS delivered, count(r.id)::int AS reported
         FROM deliveries d LEFT JOIN lead_reports r ON r.delivery_id = d.id
        WHERE d.client_id = ANY($1) AND d.delivered_at > now() - interval '30 days'
        GROUP BY d.client_id`,
      [clientIds],
    )) as Array<{ client_id: string; delivered: number; reported: number }>;
    return new Map(rows.map((r) => [r.client_id, { delivered: r.delivered, rate: r.delivered ? r.reported / r.delivered : null }]));
  }

  private async statesFor(clientIds: string[]): Promise<Map<string, IntegrationStateDto[]>> {
    const map = new Map<string, IntegrationStateDto[]>();
    if (clientIds.length === 0) return map;
    const rows = await this.db.manager
      .createQueryBuilder(IntegrationState, 's')
      .where('s.client_id IN (:...ids)', { ids: clientIds })
      .orderBy('s.kind')
      .getMany();
    for (const r of rows) {
      const list = map.get(r.clientId) ?? [];
      list.push({ kind: r.kind, status: r.status, attempts: r.attempts, lastError: r.lastError, updatedAt: r.updatedAt.toISOString() });
      map.set(r.clientId, list);
    }
    return map;
  }
}
