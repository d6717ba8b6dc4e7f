import { txOf } from '../core/database/transactions';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, MoreThanOrEqual, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { ActivityService } from '../activity';
import { AppConfig } from '../core/config/app-config';
import { EncryptionService } from '../core/crypto/encryption.service';
import type {
  CreateEndpointDto,
  DeliveriesQueryDto,
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryPageDto,
  EndpointDto,
  EndpointPageDto,
  EndpointWithSecretDto,
  FailingEndpointPageDto,
  ReplayedDto,
  UpdateEndpointDto,
} from './dto/webhooks.dto';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { EVENT_VERSIONS, type WebhookEnvelope } from './event-catalog';
import { newSigningSecret } from './signing';
import { assertSafeWebhookUrl, UnsafeUrlError } from './url-guard';

/** Whose endpoints a caller may touch: one client's, the platform's (admins), or any (admins, read and replay). */
export type EndpointScope = { clientId: string } | 'platform' | 'any';

const ownerWhere = (scope: EndpointScope): FindOptionsWhere<WebhookEndpoint> =>
  scope === 'any' ? {} : scope === 'platform' ? { clientId: IsNull() } : { clientId: scope.clientId };

export function endpointView(e: WebhookEndpoint): EndpointDto {
  return {
    id: e.id,
    clientId: e.clientId,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    active: e.active,
    disabledReason: e.disabledReason,
    previousSecretExpiresAt:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function deliveryView(d: WebhookDelivery): DeliveryDto {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    replayOf: d.replayOf,
    createdAt: d.createdAt.toISOString(),
    completedAt: d.completedAt?.toISOString() ?? null,
  };
}

/** Webhook endpoints, their delivery log, test events and replays, for clients (their own) and admins (platform and all). */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly encryption: EncryptionService,
    private readonly activity: ActivityService,
  ) {}

  async list(scope: EndpointScope, page: number, pageSize: number): Promise<EndpointPageDto> {
    const [rows, total] = await this.db.manager.findAndCount(WebhookEndpoint, {
      where: ownerWhere(scope),
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(endpointView), meta: { page, pageSize, total } };
  }

  async get(scope: EndpointScope, id: string): Promise<EndpointDto> {
    return endpointView(await this.find(this.db.manager, scope, id));
  }

  async create(scope: { clientId: string } | 'platform', actorUserId: string, dto: CreateEndpointDto): Promise<EndpointWithSecretDto> {
    const url = await this.safeUrl(dto.url);
    const secret = newSigningSecret();
    return this.db.transaction(async (tx) => {
      const clientId = scope === 'platform' ? null : scope.clientId;
      const saved = await tx.save(
        tx.create(WebhookEndpoint, {
          clientId,
          url,
          description: dto.description ?? '',
          eventTypes: dto.eventTypes,
          active: true,
          secretEncrypted: this.encryption.encrypt(secret),
        }),
      );
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId,
        action: 'webhook_endpoint.created',
        after: { endpointId: saved.id, url, eventTypes: dto.eventTypes },
      });
      return { endpoint: endpointView(saved), secret };
    });
  }

  async update(scope: EndpointScope, actorUserId: string, id: string, dto: UpdateEndpointDto): Promise<EndpointDto> {
    const url = dto.url === undefined ? undefined : await this.safeUrl(dto.url);
    return this.db.transaction(async (tx) => {
      const endpoint = await this.find(tx, scope, id, true);
      const before = { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, active: endpoint.active };
      if (url !== undefined) endpoint.url = url;
      if (dto.description !== undefined) endpoint.description = dto.description;
      if (dto.eventTypes !== undefined) endpoint.eventTypes = dto.eventTypes;
      if (dto.active !== undefined && dto.active !== endpoint.active) {
        endpoint.active = dto.active;
        endpoint.disabledReason = dto.active ? null : 'Switched off by its owner';
      }
      const saved = await tx.save(endpoint);
      const after = { url: saved.url, description: saved.description, eventTypes: saved.eventTypes, active: saved.active };
      await this.activity.record(txOf(tx), { clientId: saved.clientId, actorUserId, action: 'webhook_endpoint.updated', before, after });
      return endpointView(saved);
    });
  }

  /** Deletes the endpoint and its delivery log. */
  async remove(scope: EndpointScope, actorUserId: string, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const endpoint = await this.find(tx, scope, id, true);
      await tx.query(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)`, [id]);
      await tx.delete(WebhookDelivery, { endpointId: id });
      await tx.delete(WebhookEndpoint, { id });
      await this.activity.record(txOf(tx), {
        clientId: endpoint.clientId,
        actorUserId,
        action: 'webhook_endpoint.deleted',
        before: { endpointId: id, url: endpoint.url },
      });
    });
  }

  /** A new secret, shown once; the old one keeps signing alongside it for the overlap window. */
  async rotateSecret(scope: EndpointScope, actorUserId: string, id: string): Promise<EndpointWithSecretDto> {
    const secret = newSigningSecret();
    return this.db.transaction(async (tx) => {
      const endpoint = await this.find(tx, scope, id, true);
      const overlapMs = this.config.webhooks.secretOverlapHours * 3_600_000;
      endpoint.previousSecretEncrypted = overlapMs > 0 ? endpoint.secretEncrypted : null;
      endpoint.previousSecretExpiresAt = overlapMs > 0 ? new Date(Date.now() + overlapMs) : null;
      endpoint.secretEncrypted = this.encryption.encrypt(secret);
      const saved = await tx.save(endpoint);
      await this.activity.record(txOf(tx), {
        clientId: saved.clientId,
        actorUserId,
        action: 'webhook_endpoint.secret_rotated',
        after: { endpointId: id, previousSecretExpiresAt: saved.previousSecretExpiresAt },
      });
      return { endpoint: endpointView(saved), secret };
    });
  }

  /** Queues a `webhook.test` event to this endpoint only; it goes out like any other (signed, retried, logged). */
  async sendTest(scope: EndpointScope, id: string): Promise<DeliveryDto> {
    const endpoint = await this.find(this.db.manager, scope, id);
    if (!endpoint.active) throw new BadRequestException('The endpoint is switched off; switch it on to send a test event');
    const eventId = randomUUID();
    const envelope: WebhookEnvelope = {
      id: eventId,
      type: 'webhook.test',
      version: EVENT_VERSIONS['webhook.test']!,
      timestamp: new Date().toISOString(),
      clientId: endpoint.clientId,
      data: { message: 'This is a test event from LeadFlow.', endpointId: endpoint.id },
    };
    const delivery = await this.db.manager.save(
      this.db.manager.create(WebhookDelivery, {
        endpointId: endpoint.id,
        ownerClientId: endpoint.clientId,
        eventId,
        eventType: 'webhook.test',
        eventSeq: '0',
        aggregateId: endpoint.id,
        body: JSON.stringify(envelope),
        status: 'pending',
        nextAttemptAt: new Date(),
      }),
    );
    return deliveryView(delivery);
  }

  async deliveries(scope: EndpointScope, endpointId: string, q: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    await this.find(this.db.manager, scope, endpointId);
    const where: FindOptionsWhere<WebhookDelivery> = { endpointId };
    if (q.status) where.status = q.status as WebhookDelivery['status'];
    if (q.eventType) where.eventType = q.eventType;
    if (q.since) where.createdAt = MoreThanOrEqual(new Date(q.since));
    const [rows, total] = await this.db.manager.findAndCount(WebhookDelivery, {
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items: rows.map(deliveryView), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  async delivery(scope: EndpointScope, id: string): Promise<DeliveryDetailDto> {
    const d = await this.findDelivery(scope, id);
    const attempts = await this.db.manager.find(WebhookAttempt, { where: { deliveryId: id }, order: { attempt: 'ASC' } });
    return {
      ...deliveryView(d),
      body: d.body,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt.toISOString(),
        durationMs: a.durationMs,
        requestHeaders: a.requestHeaders,
        responseStatus: a.responseStatus,
        responseBody: a.responseBody,
        error: a.error,
      })),
    };
  }

  /** Sends a delivery again as a new delivery of the same event (same body, same `webhook-id`), starting a fresh retry schedule. */
  async replay(scope: EndpointScope, id: string): Promise<DeliveryDto> {
    const original = await this.findDelivery(scope, id);
    const endpoint = await this.find(this.db.manager, scope, original.endpointId);
    if (!endpoint.active) throw new BadRequestException('The endpoint is switched off; switch it on before replaying');
    const copy = await this.db.manager.save(this.db.manager.create(WebhookDelivery, replayOf(original)));
    return deliveryView(copy);
  }

  async replayFailed(scope: EndpointScope, endpointId: string, since: string): Promise<ReplayedDto> {
    const endpoint = await this.find(this.db.manager, scope, endpointId);
    if (!endpoint.active) throw new BadRequestException('The endpoint is switched off; switch it on before replaying');
    const failed = await this.db.manager.find(WebhookDelivery, {
      where: { endpointId, status: 'failed', createdAt: MoreThanOrEqual(new Date(since)) },
      order: { eventSeq: 'ASC', createdAt: 'ASC' },
    });
    if (failed.length) await this.db.manager.insert(WebhookDelivery, failed.map(replayOf));
    return { replayed: failed.length };
  }

  /** Endpoints (any owner) that are disabled or failed a delivery in the last 7 days, worst first. */
  async failing(page: number, pageSize: number): Promise<FailingEndpointPageDto> {
    const rows: Array<{ id: string; client_name: string | null; failed: number; last_failure_at: Date | null; total: number }> =
      await this.db.query(
        `SELECT e.id, c.business_name AS client_name, coalesce(f.failed, 0)::int AS failed, f.last_failure_at, count(*) OVER ()::int AS total
         FROM webhook_endpoints e
         LEFT JOIN clients c ON c.id = e.client_id
         LEFT JOIN (SELECT endpoint_id, count(*) AS failed, max(completed_at) AS last_failure_at
                      FROM webhook_deliveries WHERE status = 'failed' AND created_at > now() - interval '7 days' GROUP BY endpoint_id) f ON f.endpoint_id = e.id
        WHERE f.failed > 0 OR (e.active = false AND e.disabled_reason IS NOT NULL AND e.disabled_reason <> 'Switched off by its owner')
        ORDER BY coalesce(f.failed, 0) DESC, e.created_at DESC
        LIMIT $1 OFFSET $2`,
        [pageSize, (page - 1) * pageSize],
      );
    const endpoints = rows.length ? await this.db.manager.findBy(WebhookEndpoint, { id: In(rows.map((r) => r.id)) }) : [];
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    return {
      items: rows.map((r) => ({
        ...endpointView(byId.get(r.id)!),
        clientName: r.client_name,
        failedLast7Days: r.failed,
        lastFailureAt: r.last_failure_at ? new Date(r.last_failure_at).toISOString() : null,
      })),
      meta: { page, pageSize, total: rows[0]?.total ?? 0 },
    };
  }

  private async safeUrl(raw: string): Promise<string> {
    try {
      return (await assertSafeWebhookUrl(raw, this.config.webhooks.allowPrivateUrls)).toString();
    } catch (err) {
      if (err instanceof UnsafeUrlError)
        throw new BadRequestException({ message: err.message, details: [{ field: 'url', messages: [err.message] }] });
      throw err;
    }
  }

  private async find(tx: EntityManager, scope: EndpointScope, id: string, lock = false): Promise<WebhookEndpoint> {
    const endpoint = await tx.findOne(WebhookEndpoint, {
      where: { id, ...ownerWhere(scope) },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!endpoint) throw new NotFoundException('No such webhook endpoint');
    return endpoint;
  }

  private async findDelivery(scope: EndpointScope, id: string): Promise<WebhookDelivery> {
    const where: FindOptionsWhere<WebhookDelivery> = { id };
    if (scope === 'platform') where.ownerClientId = IsNull();
    else if (scope !== 'any') where.ownerClientId = scope.clientId;
    const d = await this.db.manager.findOne(WebhookDelivery, { where });
    if (!d) throw new NotFoundException('No such webhook delivery');
    return d;
  }
}

function replayOf(d: WebhookDelivery): Partial<WebhookDelivery> {
  return {
    endpointId: d.endpointId,
    ownerClientId: d.ownerClientId,
    eventId: d.eventId,
    eventType: d.eventType,
    eventSeq: d.eventSeq,
    aggregateId: d.aggregateId,
    body: d.body,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: new Date(),
    replayOf: d.replayOf ?? d.id,
  };
}
