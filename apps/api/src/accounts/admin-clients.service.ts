import { Transactions } from '../core/database/transactions';
import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { ActivityService } from '../activity';
import { ClientInviteRepository, UserRepository } from '../identity';
import { ClientRepository } from '../clients';
import type { IntegrationKind } from './entities/integration-state.entity';
import { AdminClientsRepository } from './admin-clients.repository';
import { IntegrationStateRepository } from './integration-state.repository';
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
    private readonly tx: Transactions,
    private readonly rows: AdminClientsRepository,
    private readonly clients: ClientRepository,
    private readonly users: UserRepository,
    private readonly invites: ClientInviteRepository,
    private readonly states: IntegrationStateRepository,
    private readonly config: AppConfig,
    private readonly onboarding: OnboardingService,
    private readonly integrations: IntegrationsService,
    private readonly completion: OnboardingCompletion,
    private readonly activity: ActivityService,
  ) {}

  async list(query: ListClientsQueryDto): Promise<AdminClientPageDto> {
    const { clients: entities, total } = await this.rows.page(query);
    const states = await this.statesFor(entities.map((c) => c.id));
    const rates = await this.rows.reportRates(entities.map((c) => c.id));
    return {
      items: entities.map((c) => ({
        id: c.id,
        businessName: c.businessName,
        industryId: c.industryId,
        industryName: c.industry?.name ?? null,
        ownerEmail: c.ownerEmail,
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
    const client = await this.clients.byId(clientId);
    if (!client) throw new NotFoundException('No client with that id');
    const owner = await this.users.ownerOf(clientId);
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
    const runs = await this.tx.run(async (tx) => {
      const client = await this.clients.lock(tx, clientId);
      if (!client) throw new NotFoundException('No client with that id');
      if (client.billingMode === dto.billingMode) return [];
      await this.clients.update(tx, clientId, { billingMode: dto.billingMode });
      await this.activity.record(tx, {
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
    await this.invites.insert({
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

  private async statesFor(clientIds: string[]): Promise<Map<string, IntegrationStateDto[]>> {
    const map = new Map<string, IntegrationStateDto[]>();
    if (clientIds.length === 0) return map;
    const rows = await this.states.ofClients(clientIds);
    for (const r of rows) {
      const list = map.get(r.clientId) ?? [];
      list.push({ kind: r.kind, status: r.status, attempts: r.attempts, lastError: r.lastError, updatedAt: r.updatedAt.toISOString() });
      map.set(r.clientId, list);
    }
    return map;
  }
}
