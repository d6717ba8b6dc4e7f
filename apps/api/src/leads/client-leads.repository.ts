import { likeEscaped } from '../core/database/sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COUNT_EXACTLY_UP_TO_READING_LEADS, countedPageMeta } from '../core/http/pagination';
import type { LeadContactDto } from '../webhooks';
import type { LeadPageDto, LeadSummaryDto, LeadsQueryDto, MissedLeadPageDto } from './dto/leads.dto';
import type { LeadExportRow } from './leads-csv';

interface Row {
  id: string;
  delivery_id: string;
  postcode: string | null;
  status: string;
  price: number;
  currency: string;
  delivered_at: Date;
  fields: Record<string, unknown>;
  contact: LeadContactDto;
  report_status: string | null;
  report_note: string | null;
  erased_at: Date | null;
}

/** The list's filters (the export takes the same). */
export type LeadFilters = Pick<LeadsQueryDto, 'from' | 'to' | 'status' | 'postcode' | 'search'>;

/** The WHERE of a client's deliveries under the filters; the postcode and search filters need the lead (`l`). */
function filtersOf(clientId: string, q: LeadFilters): { where: string[]; params: unknown[] } {
  const where: string[] = ['d.client_id = $1'];
  const params: unknown[] = [clientId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.from) add('d.delivered_at >= ?', q.from);
  if (q.to) add('d.delivered_at < ?', q.to);
  if (q.status) add('d.status = ?', q.status);
  if (q.postcode) add("l.postcode LIKE ? || '%'", q.postcode.toUpperCase());
  if (q.search) add("(l.fields::text || l.contact::text) ILIKE '%' || ? || '%'", likeEscaped(q.search));
  return { where, params };
}

const toSummary = (r: Row): LeadSummaryDto => ({
  id: r.id,
  deliveryId: r.delivery_id,
  postcode: r.postcode,
  status: r.status,
  price: r.price,
  currency: r.currency,
  deliveredAt: r.delivered_at.toISOString(),
  fields: r.fields,
  contact: r.contact,
  reportStatus: r.report_status,
  reportNote: r.report_note ?? null,
  erasedAt: r.erased_at ? r.erased_at.toISOString() : null,
});

/** How many of a client's newest deliveries a postcode or search with many matches looks through first. */
const RECENT_WALK = 20_000;

/** The rows of the page whose deliveries' ids and times a CTE `page` holds, newest first. */
const PAGE_ROWS = `SELECT l.id, d.id AS delivery_id, l.postcode, d.status, d.price, d.currency, d.delivered_at, l.fields, l.contact, r.status AS report_status, CASE WHEN r.status <> 'pending' THEN r.admin_note END AS report_note, l.erased_at
     FROM page p JOIN deliveries d ON d.id = p.id JOIN leads l ON l.id = d.lead_id LEFT JOIN lead_reports r ON r.delivery_id = d.id
    ORDER BY p.delivered_at DESC, p.id DESC`;

/** A client's own leads (its deliveries with their leads and reports) and the ones it did not get, read-only. */
@Injectable()
export class ClientLeadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(clientId: string, q: LeadsQueryDto): Promise<LeadPageDto> {
    const { where, params } = filtersOf(clientId, q);
    // Only the postcode and search filters need the lead; the rest are answered from the deliveries index
    // (client, delivered_at, id, status) alone. The page's ids are found first, so an OFFSET walks index
    // entries, and only the page's rows are joined to their leads and reports.
    const readsLeads = Boolean(q.postcode || q.search);
    const from = `FROM deliveries d${readsLeads ? ' JOIN leads l ON l.id = d.lead_id' : ''} WHERE ${where.join(' AND ')}`;
    const window = (alias: string) =>
      `ORDER BY ${alias}delivered_at DESC, ${alias}id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`;
    if (readsLeads) {
      // A narrow postcode or search is answered whole by one statement: its matches (as many as the count
      // goes to) are gathered once, counted, and the page sorted out of them. Only when there are more is
      // the page found by a second statement that walks them newest first.
      const limit = Math.max(COUNT_EXACTLY_UP_TO_READING_LEADS, q.page * q.pageSize) + 1;
      const found = (await this.db.query(
        `WITH matched AS MATERIALIZED (SELECT d.id, d.delivered_at ${from} LIMIT ${limit}),
              page AS (SELECT id, delivered_at FROM matched ${window('')})
         SELECT (SELECT count(*)::int FROM matched) AS matched, rows.* FROM (SELECT 1) one LEFT JOIN LATERAL (${PAGE_ROWS}) rows ON true`,
        params,
      )) as Array<Row & { matched: number }>;
      const n = found[0]!.matched;
      const meta = { page: q.page, pageSize: q.pageSize, total: n };
      if (n < limit) return { items: found.filter((r) => r.id !== null).map(toSummary), meta };
      // Many matches: the newest are most likely among the client's newest deliveries, so the page is
      // looked for there first, lead by lead (a bounded walk); a full page found there is the right page,
      // since every delivery outside is older. Otherwise the planner searches them all.
      const recent = await this.page(
        `FROM (SELECT id, lead_id, client_id, status, delivered_at FROM deliveries WHERE client_id = $1 ORDER BY delivered_at DESC, id DESC LIMIT ${RECENT_WALK}) d
         CROSS JOIN LATERAL (SELECT postcode, fields, contact FROM leads WHERE id = d.lead_id OFFSET 0) l
         WHERE ${where.join(' AND ')} ${window('d.')}`,
        params,
      );
      const items = recent.length === q.pageSize ? recent : await this.page(`${from} ${window('d.')}`, params);
      return { items, meta: { ...meta, totalIsLowerBound: true } };
    }
    // One query after the other: two at once would hold two pooled connections per request.
    const meta = await countedPageMeta((sql, p) => this.db.query(sql, p), from, params, q.page, q.pageSize);
    return { items: await this.page(`${from} ${window('d.')}`, params), meta };
  }

  /** The page that `fromOrdered` (FROM … WHERE … ORDER BY … LIMIT … OFFSET …) picks out of the deliveries. */
  private async page(fromOrdered: string, params: unknown[]): Promise<LeadSummaryDto[]> {
    const rows = (await this.db.query(`WITH page AS (SELECT d.id, d.delivered_at ${fromOrdered}) ${PAGE_ROWS}`, params)) as Row[];
    return rows.map(toSummary);
  }

  /**
   * Every lead the filters match, newest first, `size` at a time (no cap): each batch starts after
   * the last one's (delivered_at, id), read as text so no microsecond is lost.
   */
  async *exportBatches(clientId: string, q: LeadFilters, size = 500): AsyncGenerator<LeadExportRow[]> {
    const { where, params } = filtersOf(clientId, q);
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const keyset = after ? ` AND (d.delivered_at, d.id) < ($${params.length + 1}::timestamptz, $${params.length + 2}::uuid)` : '';
      const rows = (await this.db.query(
        `SELECT l.id, d.id AS delivery_id, d.delivered_at::text AS at, l.postcode, d.status, d.price, d.currency, d.delivered_at,
                l.fields, l.contact, r.status AS report_status, CASE WHEN r.status <> 'pending' THEN r.admin_note END AS report_note, l.erased_at
           FROM deliveries d JOIN leads l ON l.id = d.lead_id LEFT JOIN lead_reports r ON r.delivery_id = d.id
          WHERE ${where.join(' AND ')}${keyset}
          ORDER BY d.delivered_at DESC, d.id DESC
          LIMIT ${size}`,
        after ? [...params, after.at, after.id] : params,
      )) as Array<Row & { at: string }>;
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        id: r.id,
        deliveredAt: r.delivered_at,
        status: r.status,
        reportStatus: r.report_status,
        price: r.price,
        currency: r.currency,
        postcode: r.postcode,
        fields: r.fields,
        contact: r.contact as unknown as Record<string, unknown>,
        erasedAt: r.erased_at,
      }));
      if (rows.length < size) return;
      const last = rows[rows.length - 1]!;
      after = { at: last.at, id: last.delivery_id };
    }
  }

  /** One of the client's leads; another client's lead is not there. */
  async get(clientId: string, leadId: string): Promise<LeadSummaryDto | null> {
    const rows = (await this.db.query(
      `SELECT l.id, d.id AS delivery_id, l.postcode, d.status, d.price, d.currency, d.delivered_at, l.fields, l.contact, r.status AS report_status, CASE WHEN r.status <> 'pending' THEN r.admin_note END AS report_note, l.erased_at
         FROM deliveries d JOIN leads l ON l.id = d.lead_id LEFT JOIN lead_reports r ON r.delivery_id = d.id
        WHERE d.client_id = $1 AND l.id = $2`,
      [clientId, leadId],
    )) as Row[];
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /** "Why didn't I get this lead?": leads the client was considered for and did not receive. */
  async missed(clientId: string, page: number, pageSize: number): Promise<MissedLeadPageDto> {
    const base = `FROM leads l CROSS JOIN LATERAL jsonb_array_elements(l.eligibility) e
      WHERE l.eligibility @> $2::jsonb AND e->>'clientId' = $1
        AND ((e->>'eligible')::boolean IS NOT TRUE OR e->>'reason' = 'not_offered')
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.client_id = $1::uuid)`;
    const filter = JSON.stringify([{ clientId }]);
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total ${base}`, [clientId, filter])) as Array<{ total: number }>;
    const rows = (await this.db.query(
      `SELECT l.id, l.postcode, l.received_at, e->>'reason' AS reason ${base} ORDER BY l.received_at DESC, l.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [clientId, filter],
    )) as Array<{
      id: string;
      postcode: string | null;
      received_at: Date;
      reason: string;
    }>;
    return {
      items: rows.map((r) => ({ id: r.id, postcode: r.postcode, receivedAt: r.received_at.toISOString(), reason: r.reason })),
      meta: { page, pageSize, total: total ?? 0 },
    };
  }
}
