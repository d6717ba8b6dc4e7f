import { likeEscaped } from '../core/database/sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { countedPageMeta, type PageMetaDto } from '../core/http/pagination';
import type { LeadContactDto } from '../webhooks';
import type { AdminLeadsQueryDto } from './dto/admin-leads.dto';
import type { EligibilityRecord } from './entities/lead.entity';

export interface AdminLeadRow {
  id: string;
  source: string;
  status: string;
  reason: string | null;
  postcode: string | null;
  industry_name: string;
  campaign_id: string | null;
  received_at: Date;
  erased_at: Date | null;
  erasure_reason: string | null;
  fields: Record<string, unknown>;
  contact: LeadContactDto;
  eligibility: EligibilityRecord[];
  /** What was wrong with the fields, when the lead was refused as invalid (from the answer it was given); read for one lead only, not for pages. */
  problems: Array<{ field: string; message: string }> | null;
}

export interface AdminDeliveryRow {
  lead_id: string;
  client_id: string;
  business_name: string | null;
  price: number;
  status: string;
}

/** Every lead as admins look for it (read-only: joins industries and clients for their names). */
@Injectable()
export class AdminLeadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(q: AdminLeadsQueryDto): Promise<{ rows: AdminLeadRow[]; meta: PageMetaDto }> {
    const where: string[] = ['1=1'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.status) add('l.status = ?', q.status);
    if (q.source) add('l.source = ?', q.source);
    if (q.campaignId) add('l.campaign_id = ?', q.campaignId);
    if (q.search) add("((l.fields::text || l.contact::text) ILIKE '%' || ? || '%')", likeEscaped(q.search));
    // The page's ids first (an OFFSET walks the (received_at, id) index), then only those rows are read in full.
    const from = `FROM leads l WHERE ${where.join(' AND ')}`;
    // One query after the other: two at once would hold two pooled connections per request.
    const meta = await countedPageMeta((sql, p) => this.db.query(sql, p), from, params, q.page, q.pageSize);
    const rows = (await this.db.query(
      `WITH page AS (SELECT l.id, l.received_at ${from} ORDER BY l.received_at DESC, l.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize})
       SELECT l.id, l.source, l.status, l.reason, l.postcode, i.name AS industry_name, l.campaign_id, l.received_at, l.erased_at, l.erasure_reason, l.fields, l.contact, l.eligibility, NULL AS problems
         FROM page p JOIN leads l ON l.id = p.id JOIN industries i ON i.id = l.industry_id
        ORDER BY p.received_at DESC, p.id DESC`,
      params,
    )) as AdminLeadRow[];
    return { rows, meta };
  }

  async byId(id: string): Promise<AdminLeadRow | null> {
    const rows = (await this.db.query(
      `SELECT l.id, l.source, l.status, l.reason, l.postcode, i.name AS industry_name, l.campaign_id, l.received_at, l.erased_at, l.erasure_reason, l.fields, l.contact, l.eligibility, COALESCE(l.response->'details', l.response->'body'->'details') AS problems FROM leads l JOIN industries i ON i.id = l.industry_id WHERE l.id = $1`,
      [id],
    )) as AdminLeadRow[];
    return rows[0] ?? null;
  }

  /** The leads' deliveries, with each buyer's name, in delivery order. */
  deliveriesOf(leadIds: string[]): Promise<AdminDeliveryRow[]> {
    return this.db.query(
      `SELECT d.lead_id, d.client_id, c.business_name, d.price, d.status FROM deliveries d JOIN clients c ON c.id = d.client_id WHERE d.lead_id = ANY($1) ORDER BY d.delivered_at`,
      [leadIds],
    ) as Promise<AdminDeliveryRow[]>;
  }

  /** Buyers' business names, by id. */
  async businessNames(clientIds: string[]): Promise<Map<string, string | null>> {
    if (clientIds.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT id, business_name FROM clients WHERE id = ANY($1)`, [clientIds])) as Array<{
      id: string;
      business_name: string | null;
    }>;
    return new Map(rows.map((c) => [c.id, c.business_name]));
  }
}
