import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countedPageMeta } from '../core/http/pagination';
import { DataSource } from 'typeorm';
import type { AdminLeadDto, AdminLeadPageDto, AdminLeadsQueryDto } from './dto/admin-leads.dto';
import type { LeadContactDto } from '../webhooks/dto/lead-contact.dto';
import type { EligibilityRecord } from './entities/lead.entity';

interface LeadRow {
  id: string;
  source: string;
  status: string;
  reason: string | null;
  postcode: string | null;
  industry_name: string;
  campaign_id: string | null;
  received_at: Date;
  fields: Record<string, unknown>;
  contact: LeadContactDto;
  eligibility: EligibilityRecord[];
}

/** Every lead, with where it went and why each candidate did or did not get it (admins). */
@Injectable()
export class AdminLeadsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(q: AdminLeadsQueryDto): Promise<AdminLeadPageDto> {
    const where: string[] = ['1=1'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.status) add('l.status = ?', q.status);
    if (q.source) add('l.source = ?', q.source);
    if (q.campaignId) add('l.campaign_id = ?', q.campaignId);
    if (q.search)
      add(
        "((l.fields::text || l.contact::text) ILIKE '%' || ? || '%')",
        q.search.replace(/[\\%_]/g, (c) => `\\${c}`),
      );
    // The page's ids first (an OFFSET walks the (received_at, id) index), then only those rows are read in full.
    const from = `FROM leads l WHERE ${where.join(' AND ')}`;
    // One query after the other: two at once would hold two pooled connections per request.
    const meta = await countedPageMeta((sql, p) => this.db.query(sql, p), from, params, q.page, q.pageSize);
    const rows = (await this.db.query(
      `WITH page AS (SELECT l.id, l.received_at ${from} ORDER BY l.received_at DESC, l.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize})
       SELECT l.id, l.source, l.status, l.reason, l.postcode, i.name AS industry_name, l.campaign_id, l.received_at, l.fields, l.contact, l.eligibility
         FROM page p JOIN leads l ON l.id = p.id JOIN industries i ON i.id = l.industry_id
        ORDER BY p.received_at DESC, p.id DESC`,
      params,
    )) as LeadRow[];
    return { items: await this.expand(rows), meta };
  }

  async get(id: string): Promise<AdminLeadDto> {
    const rows = (await this.db.query(
      `SELECT l.id, l.source, l.status, l.reason, l.postcode, i.name AS industry_name, l.campaign_id, l.received_at, l.fields, l.contact, l.eligibility FROM leads l JOIN industries i ON i.id = l.industry_id WHERE l.id = $1`,
      [id],
    )) as LeadRow[];
    if (!rows[0]) throw new NotFoundException('No lead with that id');
    return (await this.expand(rows))[0]!;
  }

  private async expand(rows: LeadRow[]): Promise<AdminLeadDto[]> {
    if (rows.length === 0) return [];
    const deliveries = (await this.db.query(
      `SELECT d.lead_id, d.client_id, c.business_name, d.price, d.status FROM deliveries d JOIN clients c ON c.id = d.client_id WHERE d.lead_id = ANY($1) ORDER BY d.delivered_at`,
      [rows.map((r) => r.id)],
    )) as Array<{ lead_id: string; client_id: string; business_name: string | null; price: number; status: string }>;
    const ids = [...new Set(rows.flatMap((r) => (r.eligibility ?? []).map((e) => e.clientId)))];
    const names = new Map<string, string | null>(
      ids.length
        ? (
            (await this.db.query(`SELECT id, business_name FROM clients WHERE id = ANY($1)`, [ids])) as Array<{
              id: string;
              business_name: string | null;
            }>
          ).map((c) => [c.id, c.business_name])
        : [],
    );
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      status: r.status,
      reason: r.reason,
      postcode: r.postcode,
      industryName: r.industry_name,
      campaignId: r.campaign_id,
      receivedAt: r.received_at.toISOString(),
      fields: r.fields,
      contact: r.contact,
      deliveries: deliveries
        .filter((d) => d.lead_id === r.id)
        .map((d) => ({ clientId: d.client_id, businessName: d.business_name, price: d.price, status: d.status })),
      eligibility: (r.eligibility ?? []).map((e) => ({ ...e, businessName: names.get(e.clientId) ?? null })),
    }));
  }
}
