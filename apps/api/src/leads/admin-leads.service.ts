import { Injectable, NotFoundException } from '@nestjs/common';
import { AdminLeadsRepository, type AdminLeadRow } from './admin-leads.repository';
import type { AdminLeadDto, AdminLeadPageDto, AdminLeadsQueryDto } from './dto/admin-leads.dto';
import { LeadReportRepository } from './lead-report.repository';

/** Every lead, with where it went and why each candidate did or did not get it (admins). */
@Injectable()
export class AdminLeadsService {
  constructor(
    private readonly leads: AdminLeadsRepository,
    private readonly reports: LeadReportRepository,
  ) {}

  async list(q: AdminLeadsQueryDto): Promise<AdminLeadPageDto> {
    const { rows, meta } = await this.leads.page(q);
    return { items: await this.expand(rows), meta };
  }

  async get(id: string): Promise<AdminLeadDto> {
    const row = await this.leads.byId(id);
    if (!row) throw new NotFoundException('No lead with that id');
    return (await this.expand([row]))[0]!;
  }

  private async expand(rows: AdminLeadRow[]): Promise<AdminLeadDto[]> {
    if (rows.length === 0) return [];
    // Both need only the leads' ids: one round trip's wait, not two.
    const ids = rows.map((r) => r.id);
    const [deliveries, reports] = await Promise.all([this.leads.deliveriesOf(ids), this.reports.ofLeads(ids)]);
    const names = await this.leads.businessNames([
      ...new Set([
        ...rows.flatMap((r) => (r.eligibility ?? []).map((e) => e.clientId)),
        ...reports.flatMap((r) => [r.clientId, ...(r.resoldTo ? [r.resoldTo] : [])]),
      ]),
    ]);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      status: r.status,
      reason: r.reason,
      postcode: r.postcode,
      industryName: r.industry_name,
      campaignId: r.campaign_id,
      receivedAt: r.received_at.toISOString(),
      erasedAt: iso(r.erased_at),
      erasureReason: r.erasure_reason,
      fields: r.fields,
      contact: r.contact,
      deliveries: deliveries
        .filter((d) => d.lead_id === r.id)
        .map((d) => ({ clientId: d.client_id, businessName: d.business_name, price: d.price, status: d.status })),
      eligibility: (r.eligibility ?? []).map((e) => ({ ...e, businessName: names.get(e.clientId) ?? null })),
      returns: reports
        .filter((rep) => rep.leadId === r.id)
        .map((rep) => ({
          reportId: rep.id,
          clientId: rep.clientId,
          businessName: names.get(rep.clientId) ?? null,
          reason: rep.reason,
          status: rep.status,
          automatic: rep.automatic,
          overLimit: rep.overLimit,
          refund: deliveries.find((d) => d.lead_id === r.id && d.client_id === rep.clientId)?.price ?? 0,
          createdAt: rep.createdAt.toISOString(),
          decidedAt: iso(rep.decidedAt),
          reversedAt: iso(rep.reversedAt),
          resoldAt: iso(rep.resoldAt),
          resoldTo: rep.resoldTo,
          resoldToName: rep.resoldTo ? (names.get(rep.resoldTo) ?? null) : null,
          resalePrice: rep.resalePrice,
        })),
      problems: Array.isArray(r.problems)
        ? r.problems.filter((p) => typeof p?.field === 'string').map((p) => ({ field: p.field, message: String(p.message) }))
        : [],
    }));
  }
}
