import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, type DataSource, type FindOptionsWhere } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';

/** Whose endpoints a caller may touch: one client's, the platform's (admins), or any (admins, read and replay). */
export type EndpointScope = { clientId: string } | 'platform' | 'any';

const ownerWhere = (scope: EndpointScope): FindOptionsWhere<WebhookEndpoint> =>
  scope === 'any' ? {} : scope === 'platform' ? { clientId: IsNull() } : { clientId: scope.clientId };

export type NewEndpoint = Pick<WebhookEndpoint, 'clientId' | 'url' | 'description' | 'eventTypes' | 'active' | 'secretEncrypted'>;

/** webhook_endpoints: where a client (or the platform) receives events, with its signing secrets. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first. */
  page(scope: EndpointScope, skip: number, take: number): Promise<[WebhookEndpoint[], number]> {
    return this.db.manager.findAndCount(WebhookEndpoint, { where: ownerWhere(scope), order: { createdAt: 'DESC' }, skip, take });
  }

  /** The endpoint if it is in scope; with `tx`, locked until the transaction ends. */
  inScope(scope: EndpointScope, id: string, tx?: Tx): Promise<WebhookEndpoint | null> {
    return managerOf(this.db, tx).findOne(WebhookEndpoint, {
      where: { id, ...ownerWhere(scope) },
      ...(tx ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  insert(tx: Tx, endpoint: NewEndpoint): Promise<WebhookEndpoint> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(WebhookEndpoint, endpoint));
  }

  save(tx: Tx, endpoint: WebhookEndpoint): Promise<WebhookEndpoint> {
    return managerOf(this.db, tx).save(endpoint);
  }

  /** Deletes the endpoint with its deliveries and their attempts. */
  async removeWithLog(tx: Tx, id: string): Promise<void> {
    const m = managerOf(this.db, tx);
    await m.query(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)`, [id]);
    await m.query(`DELETE FROM webhook_deliveries WHERE endpoint_id = $1`, [id]);
    await m.delete(WebhookEndpoint, { id });
  }

  /** Endpoints (any owner) that are disabled or failed a delivery in the last 7 days, worst first, with their client's name. */
  async failing(
    limit: number,
    offset: number,
  ): Promise<Array<{ endpoint: WebhookEndpoint; clientName: string | null; failed: number; lastFailureAt: Date | null; total: number }>> {
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
        [limit, offset],
      );
    const endpoints = rows.length ? await this.db.manager.findBy(WebhookEndpoint, { id: In(rows.map((r) => r.id)) }) : [];
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    return rows.map((r) => ({
      endpoint: byId.get(r.id)!,
      clientName: r.client_name,
      failed: r.failed,
      lastFailureAt: r.last_failure_at ? new Date(r.last_failure_at) : null,
      total: r.total,
    }));
  }
}
