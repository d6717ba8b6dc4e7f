import { Injectable, NotFoundException } from '@nestjs/common';
import { IndustryRepository } from '../catalog';
import { ClientRepository } from '../clients';
import { ClientLeadsRepository, type LeadFilters } from './client-leads.repository';
import { leadsCsvColumns } from './leads-csv';
import type { LeadPageDto, LeadSummaryDto, LeadsQueryDto, MissedLeadPageDto } from './dto/leads.dto';

/** A client's own leads (what was delivered to it), and the ones it did not get, with why. */
@Injectable()
export class ClientLeadsService {
  constructor(
    private readonly leads: ClientLeadsRepository,
    private readonly clients: ClientRepository,
    private readonly industries: IndustryRepository,
  ) {}

  list(clientId: string, q: LeadsQueryDto): Promise<LeadPageDto> {
    return this.leads.list(clientId, q);
  }

  /** One of the client's leads; another client's lead is simply not found. */
  async get(clientId: string, leadId: string): Promise<LeadSummaryDto> {
    const lead = await this.leads.get(clientId, leadId);
    if (!lead) throw new NotFoundException('No lead with that id in your account');
    return lead;
  }

  /** The filtered leads as CSV: the header (the client's industry's columns) and the rows, read in batches (no cap). */
  async csv(clientId: string, q: LeadFilters): Promise<{ header: string[]; rows: AsyncGenerator<string[]> }> {
    const industryId = (await this.clients.byId(clientId))?.industryId;
    const industry = industryId ? await this.industries.byId(industryId) : null;
    const columns = leadsCsvColumns(industry?.leadColumns ?? []);
    const batches = this.leads.exportBatches(clientId, q);
    async function* rows() {
      for await (const batch of batches) for (const lead of batch) yield columns.map((c) => c.value(lead));
    }
    return { header: columns.map((c) => c.label), rows: rows() };
  }

  /** "Why didn't I get this lead?": leads the client was considered for and did not receive. */
  missed(clientId: string, page: number, pageSize: number): Promise<MissedLeadPageDto> {
    return this.leads.missed(clientId, page, pageSize);
  }
}
