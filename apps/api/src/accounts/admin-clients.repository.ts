import { likeEscaped } from '../core/database/sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Client } from '../clients';
import { User } from '../identity';
import type { ListClientsQueryDto } from './dto/admin-clients.dto';

/** The admin's client list: clients with their owner's email and industry, and their last 30 days of deliveries. */
@Injectable()
export class AdminClientsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(query: ListClientsQueryDto): Promise<{ clients: Array<Client & { ownerEmail: string | null }>; total: number }> {
    const qb = this.db.manager
      .createQueryBuilder(Client, 'c')
      .leftJoinAndSelect('c.industry', 'i')
      .leftJoin(User, 'u', "u.client_id = c.id AND u.client_role = 'owner'")
      .addSelect('u.email', 'owner_email')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'ASC');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.search) {
      const like = `%${likeEscaped(query.search)}%`;
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
    return { clients: entities.map((c, i) => Object.assign(c, { ownerEmail: raw[i]?.owner_email ?? null })), total };
  }

  /** Leads delivered in the last 30 days, and the share of them the client reported. */
  async reportRates(clientIds: string[]): Promise<Map<string, { delivered: number; rate: number | null }>> {
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
}
