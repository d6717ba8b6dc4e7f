import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { LedgerService, RefundsService, type MovementResult } from '../billing';
import { ActivityService } from '../activity';
import { REPORT_REASONS } from '../catalog';
import { AppConfig } from '../core/config/app-config';
import { OutboxService } from '../outbox';
import type {
  ClientReturnRulesDto,
  ReportDto,
  ReportLeadDto,
  ReportPageDto,
  ReportQueryDto,
  ReturnPolicyDto,
  UpdateClientReturnRulesDto,
} from './dto/leads.dto';
import { Transactions, type Tx } from '../core/database/transactions';
import { BuyersRepository } from './buyers.repository';
import { ClientReturnRuleRepository } from './client-return-rule.repository';
import { DeliveryRepository } from './delivery.repository';
import { DistributionService } from './distribution.service';
import type { Delivery } from './entities/delivery.entity';
import type { LeadReport } from './entities/lead-report.entity';
import { LeadReportRepository } from './lead-report.repository';
import { LeadRepository } from './lead.repository';
import {
  approvesAutomatically,
  overReturnLimit,
  RETURN_RATE_DAYS,
  returnPolicyOf,
  returnRateBps,
  resaleTermsOf,
  REVERSAL_HOURS,
  reversible,
} from './return-rules';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

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
  decidedAt: iso(r.decidedAt),
  returnRatePercent: r.returnRateBps / 100,
  overLimit: r.overLimit,
  automatic: r.automatic,
  reversibleUntil:
    r.automatic && r.status === 'approved' && r.decidedAt
      ? new Date(r.decidedAt.getTime() + REVERSAL_HOURS * 3_600_000).toISOString()
      : null,
  reversedAt: iso(r.reversedAt),
  resoldAt: iso(r.resoldAt),
  resoldTo: r.resoldTo,
  resalePrice: r.resalePrice,
});

/**
 * Returns (reports): a client returns a delivered lead within its industry's window, for one of its
 * industry's reasons. The client's return rate over the last 30 days is measured with the return
 * included; past the client's limit the return is recorded but marked over the limit. Within it, a
 * trusted client's return (or one the rule fits) is approved at once; otherwise an admin approves
 * (refund, once) or rejects. An automatic approval can be reversed by an admin within a day (charged
 * again, once). An approved return is offered again to buyers who never had the lead, at a discount:
 * at once where its campaign or industry says so, or when an admin asks.
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly deliveries: DeliveryRepository,
    private readonly reports: LeadReportRepository,
    private readonly rules: ClientReturnRuleRepository,
    private readonly leads: LeadRepository,
    private readonly buyers: BuyersRepository,
    private readonly distribution: DistributionService,
    private readonly refunds: RefundsService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  /** What the client sees before returning a lead: its industry's window and reasons, its rate and its limit. */
  async policy(clientId: string): Promise<ReturnPolicyDto> {
    const [client] = (await this.buyers.buyers([clientId])).clients;
    const industry = client?.industryId ? await this.buyers.industry(client.industryId) : null;
    const { windowDays, reasons } = returnPolicyOf(
      industry ?? { returnWindowDays: null, returnReasons: null },
      this.config.leads.reportWindowDays,
      REPORT_REASONS,
    );
    const { returns, leads, limitPercent } = await this.rate(undefined, clientId);
    return {
      windowDays,
      reasons,
      leadsLast30Days: leads,
      returnsLast30Days: returns,
      returnRatePercent: returnRateBps(returns, leads) / 100,
      limitPercent,
      nextReturnOverLimit: overReturnLimit(returns + 1, leads, limitPercent),
    };
  }

  async report(clientId: string, actorUserId: string, leadId: string, dto: ReportLeadDto): Promise<ReportDto> {
    let refund: MovementResult | null = null;
    const result = await this.transactions.run(async (tx) => {
      const delivery = await this.deliveries.lockOfLead(tx, leadId, clientId);
      if (!delivery) throw new NotFoundException('No lead with that id in your account');
      if (await this.reports.existsFor(tx, delivery.id)) throw new ConflictException('This lead has already been reported');
      const lead = (await this.leads.byId(leadId))!;
      const { windowDays, reasons } = returnPolicyOf(
        await this.buyers.industry(lead.industryId),
        this.config.leads.reportWindowDays,
        REPORT_REASONS,
      );
      const ageDays = (Date.now() - delivery.deliveredAt.getTime()) / 86_400_000;
      if (ageDays > windowDays) throw new ConflictException(`Leads can be reported within ${windowDays} days of delivery`);
      if (!reasons.includes(dto.reason)) {
        throw new UnprocessableEntityException({
          message: `Leads of this industry can be returned for: ${reasons.map((r) => r.replace(/_/g, ' ')).join(', ')}`,
          details: [{ field: 'reason', messages: [`reason must be one of ${reasons.join(', ')}`] }],
        });
      }
      await this.reports.serialiseClient(tx, clientId);
      const { returns, leads, limitPercent, autoApprove } = await this.rate(tx, clientId);
      const overLimit = overReturnLimit(returns + 1, leads, limitPercent);
      const rateBps = returnRateBps(returns + 1, leads);
      let report = await this.reports.insert(tx, {
        deliveryId: delivery.id,
        leadId,
        clientId,
        reason: dto.reason,
        note: dto.note ?? null,
        returnRateBps: rateBps,
        overLimit,
      });
      await this.deliveries.setStatus(tx, delivery.id, 'reported');
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'lead.reported',
        after: { leadId, reason: dto.reason, note: dto.note ?? null, returnRatePercent: rateBps / 100, overLimit },
      });
      await this.outbox.record(tx, {
        type: 'lead.reported',
        aggregateType: 'lead',
        aggregateId: leadId,
        clientId,
        payload: { leadId, reportId: report.id, reason: dto.reason, note: dto.note ?? null },
      });
      const rule = {
        belowPercent: this.config.leads.returns.autoApproveBelowPercent,
        reasons: this.config.leads.returns.autoApproveReasons,
      };
      if (approvesAutomatically({ overLimit, trusted: autoApprove, rateBps, reason: dto.reason, rule })) {
        const approved = await this.approveLocked(tx, report, delivery, null, null, true);
        refund = approved.refund;
        report = approved.report;
      }
      return { report, price: delivery.price };
    });
    if (refund) await this.refunds.mirror(refund);
    if (result.report.status === 'approved') return this.afterApproval(result.report, result.price);
    return toDto(result.report, result.price);
  }

  async list(q: ReportQueryDto): Promise<ReportPageDto> {
    const [rows, total] = await this.reports.page(q.status as LeadReport['status'] | undefined, q.page, q.pageSize);
    const prices = await this.deliveries.prices(rows.map((r) => r.deliveryId));
    return { items: rows.map((r) => toDto(r, prices.get(r.deliveryId) ?? 0)), meta: { page: q.page, pageSize: q.pageSize, total } };
  }

  /** Approving refunds the charge exactly once (the ledger's cause is the report); approving again changes nothing. */
  async approve(reportId: string, adminId: string, note?: string): Promise<ReportDto> {
    let refund: MovementResult | null = null;
    const { report, price, applied } = await this.transactions.run(async (tx) => {
      const report = await this.reports.lock(tx, reportId);
      if (!report) throw new NotFoundException('No report with that id');
      const delivery = await this.deliveries.byId(tx, report.deliveryId);
      if (report.status === 'approved') return { report, price: delivery.price, applied: false };
      if (report.status === 'rejected') throw new ConflictException('This report was rejected; it cannot be approved now');
      if (report.status === 'reversed')
        throw new ConflictException('This return was approved and then reversed; it cannot be approved again');
      const approved = await this.approveLocked(tx, report, delivery, adminId, note ?? null, false);
      refund = approved.refund;
      return { report: approved.report, price: delivery.price, applied: true };
    });
    if (refund) await this.refunds.mirror(refund);
    return applied ? this.afterApproval(report, price) : toDto(report, price);
  }

  async reject(reportId: string, adminId: string, note?: string): Promise<ReportDto> {
    return this.transactions.run(async (tx) => {
      const report = await this.reports.lock(tx, reportId);
      if (!report) throw new NotFoundException('No report with that id');
      const delivery = await this.deliveries.byId(tx, report.deliveryId);
      if (report.status === 'rejected') return toDto(report, delivery.price);
      if (report.status !== 'pending') throw new ConflictException('This report was approved and refunded; it cannot be rejected now');
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

  /**
   * Takes back an automatic approval within a day: the refund is charged again under its own cause
   * (`reversal:report:<id>`), so it happens once however often it is asked for.
   */
  async reverse(reportId: string, adminId: string, note?: string): Promise<ReportDto> {
    let charge: MovementResult | null = null;
    const dto = await this.transactions.run(async (tx) => {
      const report = await this.reports.lock(tx, reportId);
      if (!report) throw new NotFoundException('No report with that id');
      const delivery = await this.deliveries.byId(tx, report.deliveryId);
      if (report.status === 'reversed') return toDto(report, delivery.price);
      const now = new Date();
      if (!reversible(report, now)) {
        throw new ConflictException(`Only an automatic approval can be reversed, within ${REVERSAL_HOURS} hours of it`);
      }
      if (delivery.price > 0) {
        charge = await this.ledger.charge(
          {
            clientId: report.clientId,
            amount: delivery.price,
            cause: `reversal:report:${report.id}`,
            description: 'Return reversed: the lead is charged again',
            actorUserId: adminId,
          },
          tx,
        );
        if (charge.outcome === 'insufficient') throw new ConflictException('The client’s credit cannot cover the charge now');
      }
      await this.deliveries.setStatus(tx, delivery.id, 'rejected_report');
      await this.reports.reverse(tx, report.id, adminId, now, note ?? report.adminNote);
      await this.activity.record(tx, {
        clientId: report.clientId,
        actorUserId: adminId,
        action: 'lead_report.reversed',
        after: { reportId, charge: delivery.price, note: note ?? null },
      });
      return toDto({ ...report, status: 'reversed', reversedAt: now, adminNote: note ?? report.adminNote }, delivery.price);
    });
    const applied = charge as MovementResult | null;
    if (applied?.outcome === 'applied') await this.ledger.runAfterCharge(applied.account, applied.entry);
    return dto;
  }

  /** Offers an approved return again to buyers who never had the lead, at the resale discount; once. */
  async resell(reportId: string): Promise<ReportDto> {
    const report = await this.reports.byId(reportId);
    if (!report) throw new NotFoundException('No report with that id');
    if (report.status !== 'approved') throw new ConflictException('Only an approved return can be resold');
    const lead = (await this.leads.byId(report.leadId))!;
    const industry = await this.buyers.industry(lead.industryId);
    const campaign = lead.campaignId ? await this.buyers.campaign(lead.campaignId) : null;
    const { discountPercent } = resaleTermsOf(campaign, industry, this.config.leads.returns.resaleDiscountPercent);
    if (await this.reports.claimResale(report.id, new Date())) {
      try {
        const result = await this.distribution.reprocess(report.leadId, new Date(), { reportId: report.id, discountPercent });
        const sold = result.deliveries[0];
        if (sold) await this.reports.recordResale(report.id, sold.clientId, sold.price);
      } catch (err) {
        // Nobody left to offer it to: it stays offered, unsold.
        if (!(err instanceof ConflictException)) throw err;
      }
    }
    const after = (await this.reports.byId(reportId))!;
    const prices = await this.deliveries.prices([after.deliveryId]);
    return toDto(after, prices.get(after.deliveryId) ?? 0);
  }

  async clientRules(clientId: string): Promise<ClientReturnRulesDto> {
    const rule = await this.rules.of(undefined, clientId);
    const { returns, leads, limitPercent } = await this.rate(undefined, clientId);
    return {
      clientId,
      rateLimitPercent: rule?.rateLimitPercent ?? null,
      effectiveRateLimitPercent: limitPercent,
      autoApprove: rule?.autoApprove ?? false,
      returnRatePercent: returnRateBps(returns, leads) / 100,
    };
  }

  async setClientRules(clientId: string, adminId: string, dto: UpdateClientReturnRulesDto): Promise<ClientReturnRulesDto> {
    if (!(await this.buyers.buyers([clientId])).clients.length) throw new NotFoundException('No client with that id');
    await this.transactions.run(async (tx) => {
      const before = await this.rules.of(tx, clientId);
      const after = {
        clientId,
        rateLimitPercent: dto.rateLimitPercent !== undefined ? dto.rateLimitPercent : (before?.rateLimitPercent ?? null),
        autoApprove: dto.autoApprove ?? before?.autoApprove ?? false,
      };
      await this.rules.save(tx, after);
      await this.activity.record(tx, {
        clientId,
        actorUserId: adminId,
        action: 'client.return_rules_changed',
        before: { rateLimitPercent: before?.rateLimitPercent ?? null, autoApprove: before?.autoApprove ?? false },
        after: { rateLimitPercent: after.rateLimitPercent, autoApprove: after.autoApprove },
      });
    });
    return this.clientRules(clientId);
  }

  /** The client's standing returns and delivered leads of the last 30 days, and its limit. */
  private async rate(
    tx: Tx | undefined,
    clientId: string,
  ): Promise<{ returns: number; leads: number; limitPercent: number; autoApprove: boolean }> {
    const since = new Date(Date.now() - RETURN_RATE_DAYS * 86_400_000);
    const rule = await this.rules.of(tx, clientId);
    return {
      returns: await this.reports.countStandingSince(tx, clientId, since),
      leads: await this.deliveries.countDeliveredSince(tx, clientId, since),
      limitPercent: rule?.rateLimitPercent ?? this.config.leads.returns.rateLimitPercent,
      autoApprove: rule?.autoApprove ?? false,
    };
  }

  /** Under the report's lock: the refund (once, by its cause), the statuses and the activity log. */
  private async approveLocked(
    tx: Tx,
    report: LeadReport,
    delivery: Delivery,
    adminId: string | null,
    note: string | null,
    automatic: boolean,
  ): Promise<{ report: LeadReport; refund: MovementResult | null }> {
    let refund: MovementResult | null = null;
    if (delivery.price > 0) {
      refund = await this.refunds.refund(
        {
          clientId: report.clientId,
          amount: delivery.price,
          cause: `refund:report:${report.id}`,
          description: `Refund: lead reported (${report.reason.replace('_', ' ')})${automatic ? ', approved automatically' : ''}`,
          actorUserId: adminId,
        },
        tx,
      );
    }
    const decidedAt = new Date();
    await this.deliveries.setStatus(tx, delivery.id, 'refunded');
    await this.reports.decide(tx, report.id, { status: 'approved', adminNote: note, decidedBy: adminId, decidedAt, automatic });
    await this.activity.record(tx, {
      clientId: report.clientId,
      actorUserId: adminId,
      // One action for both, so the client's decision email goes out; `automatic` and no actor say who decided.
      action: 'lead_report.approved',
      after: { reportId: report.id, refund: delivery.price, automatic },
    });
    return { report: { ...report, status: 'approved', adminNote: note, decidedBy: adminId, decidedAt, automatic }, refund };
  }

  /** After an approval commits: resold at once where the lead's campaign or industry says so. */
  private async afterApproval(report: LeadReport, price: number): Promise<ReportDto> {
    const lead = await this.leads.byId(report.leadId);
    if (lead) {
      const industry = await this.buyers.industry(lead.industryId);
      const campaign = lead.campaignId ? await this.buyers.campaign(lead.campaignId) : null;
      if (resaleTermsOf(campaign, industry, this.config.leads.returns.resaleDiscountPercent).auto) {
        try {
          return await this.resell(report.id);
        } catch (err) {
          this.logger.error({ err, reportId: report.id }, 'Resale of an approved return failed');
        }
      }
    }
    return toDto(report, price);
  }
}
