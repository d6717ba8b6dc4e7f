import { Injectable } from '@nestjs/common';
import { IndustryRepository, type LeadColumn } from '../catalog';
import type { Tx } from '../core/database/transactions';
import { DeliveryRepository } from './delivery.repository';
import type { Delivery } from './entities/delivery.entity';
import type { LeadReport } from './entities/lead-report.entity';
import { erasedContact, erasedFields, postcodeDistrict, type ErasureReason } from './lead-erasure';
import { LeadReportRepository } from './lead-report.repository';
import { LeadRepository, type ErasedLead } from './lead.repository';

/** A lead just erased: what is left of it, who had it, and its reports (their notes gone too). */
export interface LeadErased {
  lead: ErasedLead & { receivedAt: Date };
  deliveries: Array<Pick<Delivery, 'id' | 'clientId' | 'deliveredAt'>>;
  reportIds: string[];
}

/** What the leads module holds about a person's leads, for an access request. */
export interface LeadRecords {
  leads: Awaited<ReturnType<LeadRepository['forAccess']>>;
  deliveries: Delivery[];
  reports: LeadReport[];
}

/**
 * The leads module's part of data protection, over the tables it owns: leads (fields, contact,
 * postcode, duplicate key), deliveries (their duplicate keys) and lead reports (their notes). The
 * privacy module runs it inside its own transaction with the other owners' parts.
 */
@Injectable()
export class LeadErasureService {
  constructor(
    private readonly leads: LeadRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly reports: LeadReportRepository,
    private readonly industries: IndustryRepository,
  ) {}

  dueForRetention(tx: Tx, industryId: string, before: Date, limit: number): Promise<string[]> {
    return this.leads.dueForRetention(tx, industryId, before, limit);
  }

  /** The leads carrying any of these normalised values (an email, a phone in E.164). */
  carrying(values: string[]): Promise<string[]> {
    return this.leads.carrying(values);
  }

  /**
   * Erases these leads (those not erased already) in the caller's transaction: the personal fields
   * go (lead-erasure.ts), the postcode becomes its district, the duplicate keys and report notes go.
   */
  async erase(tx: Tx, ids: string[], reason: ErasureReason, at: Date): Promise<LeadErased[]> {
    const locked = await this.leads.lockForErasure(tx, ids);
    if (locked.length === 0) return [];
    const columns = new Map<string, LeadColumn[]>();
    for (const industryId of new Set(locked.map((l) => l.industryId))) {
      columns.set(industryId, (await this.industries.byId(industryId))?.leadColumns ?? []);
    }
    const erased = locked.map((l) => ({
      id: l.id,
      postcode: postcodeDistrict(l.postcode),
      fields: erasedFields(columns.get(l.industryId) ?? [], l.fields),
      contact: erasedContact(l.contact),
      receivedAt: l.receivedAt,
    }));
    await this.leads.erase(tx, erased, reason, at);
    const leadIds = erased.map((l) => l.id);
    const deliveries = await this.deliveries.ofLeads(tx, leadIds);
    await this.deliveries.eraseKeys(tx, leadIds);
    const reports = await this.reports.ofDeliveries(
      tx,
      deliveries.map((d) => d.id),
    );
    await this.reports.eraseNotes(
      tx,
      reports.map((r) => r.id),
    );
    return erased.map((lead) => ({
      lead,
      deliveries: deliveries
        .filter((d) => d.leadId === lead.id)
        .map((d) => ({ id: d.id, clientId: d.clientId, deliveredAt: d.deliveredAt })),
      reportIds: reports.filter((r) => r.leadId === lead.id).map((r) => r.id),
    }));
  }

  /** The leads with their deliveries and reports, as held now. */
  async records(ids: string[]): Promise<LeadRecords> {
    const leads = await this.leads.forAccess(ids);
    const deliveries = await this.deliveries.ofLeads(
      undefined,
      leads.map((l) => l.id),
    );
    const reports = await this.reports.ofDeliveries(
      undefined,
      deliveries.map((d) => d.id),
    );
    return { leads, deliveries, reports };
  }
}
