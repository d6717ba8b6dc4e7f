import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { RefundsService, type MovementResult } from '../billing';
import { ActivityService } from '../activity';
import { AppConfig } from '../core/config/app-config';
import { OutboxService } from '../outbox';
import type { ReportDto, ReportLeadDto, ReportPageDto, ReportQueryDto } from './dto/leads.dto';
import { Transactions } from '../core/database/transactions';
import { DeliveryRepository } from './delivery.repository';
import type { LeadReport } from './entities/lead-report.entity';
import { LeadReportRepository } from './lead-report.repository';

const toDto = (r: LeadReport, price: number): ReportDto => ({
  id: r.id,
  leadId: r.leadId,
  deliveryId: r.deliveryId,
  clientId: r.clientId,
  reason: r.reason,
  note: r.note,
  status: r.status,
  adminNote: r.adminNote,
  price,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
});

/** Reports: a client reports a delivered lead in the window; an admin approves (refund, once) or rejects. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly deliveries: DeliveryRepository,
    private readonly reports: LeadReportRepository,
    private readonly refunds: RefundsService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  async report(clientId: string, actorUserId: string, leadId: string, dto: ReportLeadDto): Promise<ReportDto> {
    return this.transactions.run(async (tx) => {
      const delivery = await this.deliveries.lockOfLead(tx, leadId, clientId);
      if (!delivery) throw new NotFoundException('No lead with that id in your account');
      if (await this.reports.existsFor(tx, delivery.id)) throw new ConflictException('This lead has already been reported');
      const ageDays = (Date.now() - delivery.deliveredAt.getTime()) / 86_400_000;
      if (ageDays > this.config.leads.reportWindowDays)
        throw new ConflictException(`Leads can be reported within ${this.config.leads.reportWindowDays} days of delivery`);
      const report = await this.reports.insert(tx, {
        deliveryId: delivery.id,
        leadId,
        clientId,
        reason: dto.reason,
        note: dto.note ?? null,
      });
      await this.deliveries.setStatus(tx, delivery.id, 'reported');
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'lead.reported',
        after: { leadId, reason: dto.reason, note: dto.note ?? null },
      });
      await this.outbox.record(tx, {
        type: 'lead.reported',
        aggregateType: 'lead',
        aggregateId: leadId,
        clientId,
        payload: { leadId, reportId: report.id, reason: dto.reason, note: dto.note ?? null },
      });
      return toDto(report, delivery.price);
    });
  }

  async list(q: ReportQueryDto): Promise<ReportPageDto> {
    const [rows, total] = await this.reports.page(q.status as LeadReport['status'] | undefined, q.page, q.pageSize);
    const prices = await this.deliveries.prices(rows.map((r) => r.deliveryId));
    return { items: rows.map((r) => toDto(r, prices.get(r.deliveryId) ?? 0)), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  /** Approving refunds the charge exactly once (the ledger's cause is the report); approving again changes nothing. */
  async approve(reportId: string, adminId: string, note?: string): Promise<ReportDto> {
    let refund: MovementResult | null = null;
    const dto = await this.transactions.run(async (tx) => {
      const report = await this.reports.lock(tx, reportId);
      if (!report) throw new NotFoundException('No report with that id');
      const delivery = await this.deliveries.byId(tx, report.deliveryId);
      if (report.status === 'approved') return toDto(report, delivery.price);
      if (report.status === 'rejected') throw new ConflictException('This report was rejected; it cannot be approved now');
      if (delivery.price > 0) {
        refund = await this.refunds.refund(
          {
            clientId: report.clientId,
            amount: delivery.price,
            cause: `refund:report:${report.id}`,
            description: `Refund: lead reported (${report.reason.replace('_', ' ')})`,
            actorUserId: adminId,
          },
          tx,
        );
      }
      await this.deliveries.setStatus(tx, delivery.id, 'refunded');
      await this.reports.decide(tx, report.id, { status: 'approved', adminNote: note ?? null, decidedBy: adminId, decidedAt: new Date() });
      await this.activity.record(tx, {
        clientId: report.clientId,
        actorUserId: adminId,
        action: 'lead_report.approved',
        after: { reportId, refund: delivery.price },
      });
      return toDto({ ...report, status: 'approved', adminNote: note ?? null, decidedAt: new Date() }, delivery.price);
    });
    if (refund) await this.refunds.mirror(refund);
    return dto;
  }

  async reject(reportId: string, adminId: string, note?: string): Promise<ReportDto> {
    return this.transactions.run(async (tx) => {
      const report = await this.reports.lock(tx, reportId);
      if (!report) throw new NotFoundException('No report with that id');
      const delivery = await this.deliveries.byId(tx, report.deliveryId);
      if (report.status === 'rejected') return toDto(report, delivery.price);
      if (report.status === 'approved') throw new ConflictException('This report was approved and refunded; it cannot be rejected now');
      await this.deliveries.setStatus(tx, delivery.id, 'rejected_report');
      await this.reports.decide(tx, report.id, { status: 'rejected', adminNote: note ?? null, decidedBy: adminId, decidedAt: new Date() });
      await this.activity.record(tx, {
        clientId: report.clientId,
        actorUserId: adminId,
        action: 'lead_report.rejected',
        after: { reportId, note: note ?? null },
      });
      return toDto({ ...report, status: 'rejected', adminNote: note ?? null, decidedAt: new Date() }, delivery.price);
    });
  }
}
