import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Transactions, type Tx } from '../core/database/transactions';
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
import type { WebhookDelivery } from './entities/webhook-delivery.entity';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository, type EndpointScope } from './webhook-endpoint.repository';
import { EVENT_VERSIONS, type WebhookEnvelope } from './event-catalog';
import { newSigningSecret } from './signing';
import { assertSafeWebhookUrl, UnsafeUrlError } from './url-guard';

export type { EndpointScope } from './webhook-endpoint.repository';

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
    private readonly tx: Transactions,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveryRows: WebhookDeliveryRepository,
    private readonly config: AppConfig,
    private readonly encryption: EncryptionService,
    private readonly activity: ActivityService,
  ) {}

  async list(scope: EndpointScope, page: number, pageSize: number): Promise<EndpointPageDto> {
    const [rows, total] = await this.endpoints.page(scope, (page - 1) * pageSize, pageSize);
    return { items: rows.map(endpointView), meta: { page, pageSize, total } };
  }

  async get(scope: EndpointScope, id: string): Promise<EndpointDto> {
    return endpointView(await this.find(scope, id));
  }

  async create(scope: { clientId: string } | 'platform', actorUserId: string, dto: CreateEndpointDto): Promise<EndpointWithSecretDto> {
    const url = await this.safeUrl(dto.url);
    const secret = newSigningSecret();
    return this.tx.run(async (tx) => {
      const clientId = scope === 'platform' ? null : scope.clientId;
      const saved = await this.endpoints.insert(tx, {
        clientId,
        url,
        description: dto.description ?? '',
        eventTypes: dto.eventTypes,
        active: true,
        secretEncrypted: this.encryption.encrypt(secret),
      });
      await this.activity.record(tx, {
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
    return this.tx.run(async (tx) => {
      const endpoint = await this.find(scope, id, tx);
      const before = { url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes, active: endpoint.active };
      if (url !== undefined) endpoint.url = url;
      if (dto.description !== undefined) endpoint.description = dto.description;
      if (dto.eventTypes !== undefined) endpoint.eventTypes = dto.eventTypes;
      if (dto.active !== undefined && dto.active !== endpoint.active) {
        endpoint.active = dto.active;
        endpoint.disabledReason = dto.active ? null : 'Switched off by its owner';
      }
      const saved = await this.endpoints.save(tx, endpoint);
      const after = { url: saved.url, description: saved.description, eventTypes: saved.eventTypes, active: saved.active };
      await this.activity.record(tx, { clientId: saved.clientId, actorUserId, action: 'webhook_endpoint.updated', before, after });
      return endpointView(saved);
    });
  }

  /** Deletes the endpoint and its delivery log. */
  async remove(scope: EndpointScope, actorUserId: string, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const endpoint = await this.find(scope, id, tx);
      await this.endpoints.removeWithLog(tx, id);
      await this.activity.record(tx, {
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
    return this.tx.run(async (tx) => {
      const endpoint = await this.find(scope, id, tx);
      const overlapMs = this.config.webhooks.secretOverlapHours * 3_600_000;
      endpoint.previousSecretEncrypted = overlapMs > 0 ? endpoint.secretEncrypted : null;
      endpoint.previousSecretExpiresAt = overlapMs > 0 ? new Date(Date.now() + overlapMs) : null;
      endpoint.secretEncrypted = this.encryption.encrypt(secret);
      const saved = await this.endpoints.save(tx, endpoint);
      await this.activity.record(tx, {
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
    const endpoint = await this.find(scope, id);
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
    const delivery = await this.deliveryRows.insert({
      endpointId: endpoint.id,
      ownerClientId: endpoint.clientId,
      eventId,
      eventType: 'webhook.test',
      eventSeq: '0',
      aggregateId: endpoint.id,
      body: JSON.stringify(envelope),
      status: 'pending',
      nextAttemptAt: new Date(),
    });
    return deliveryView(delivery);
  }

  async deliveries(scope: EndpointScope, endpointId: string, q: DeliveriesQueryDto): Promise<DeliveryPageDto> {
    await this.find(scope, endpointId);
    const [rows, total] = await this.deliveryRows.page(endpointId, q, (q.page - 1) * q.pageSize, q.pageSize);
    return { items: rows.map(deliveryView), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  async delivery(scope: EndpointScope, id: string): Promise<DeliveryDetailDto> {
    const d = await this.findDelivery(scope, id);
    const attempts = await this.deliveryRows.attempts(id);
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
    const endpoint = await this.find(scope, original.endpointId);
    if (!endpoint.active) throw new BadRequestException('The endpoint is switched off; switch it on before replaying');
    const copy = await this.deliveryRows.insert(replayOf(original));
    return deliveryView(copy);
  }

  async replayFailed(scope: EndpointScope, endpointId: string, since: string): Promise<ReplayedDto> {
    const endpoint = await this.find(scope, endpointId);
    if (!endpoint.active) throw new BadRequestException('The endpoint is switched off; switch it on before replaying');
    const failed = await this.deliveryRows.failedSince(endpointId, since);
    await this.deliveryRows.insertMany(failed.map(replayOf));
    return { replayed: failed.length };
  }

  /** Endpoints (any owner) that are disabled or failed a delivery in the last 7 days, worst first. */
  async failing(page: number, pageSize: number): Promise<FailingEndpointPageDto> {
    const rows = await this.endpoints.failing(pageSize, (page - 1) * pageSize);
    return {
      items: rows.map((r) => ({
        ...endpointView(r.endpoint),
        clientName: r.clientName,
        failedLast7Days: r.failed,
        lastFailureAt: r.lastFailureAt ? r.lastFailureAt.toISOString() : null,
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

  /** In scope or a 404; with `tx`, locked for the transaction. */
  private async find(scope: EndpointScope, id: string, tx?: Tx): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.inScope(scope, id, tx);
    if (!endpoint) throw new NotFoundException('No such webhook endpoint');
    return endpoint;
  }

  private async findDelivery(scope: EndpointScope, id: string): Promise<WebhookDelivery> {
    const d = await this.deliveryRows.inScope(scope, id);
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
