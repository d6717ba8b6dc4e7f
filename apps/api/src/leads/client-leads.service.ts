import { Injectable, NotFoundException } from '@nestjs/common';
import { ClientLeadsRepository } from './client-leads.repository';
import type { LeadPageDto, LeadSummaryDto, LeadsQueryDto, MissedLeadPageDto } from './dto/leads.dto';

/** A client's own leads (what was delivered to it), and the ones it did not get, with why. */
@Injectable()
export class ClientLeadsService {
  constructor(private readonly leads: ClientLeadsRepository) {}

  list(clientId: string, q: LeadsQueryDto): Promise<LeadPageDto> {
    return this.leads.list(clientId, q);
  }

  /** One of the client's leads; another client's lead is simply not found. */
  async get(clientId: string, leadId: string): Promise<LeadSummaryDto> {
    const lead = await this.leads.get(clientId, leadId);
    if (!lead) throw new NotFoundException('No lead with that id in your account');
    return lead;
  }

  /** "Why didn't I get this lead?": leads the client was considered for and did not receive. */
  missed(clientId: string, page: number, pageSize: number): Promise<MissedLeadPageDto> {
    return this.leads.missed(clientId, page, pageSize);
  }
}
