import { Injectable } from '@nestjs/common';
import { CampaignsService } from '../catalog';
import { QueueRegistry } from '../core/queue/queue-registry';
import { DashboardRepository } from './dashboard.repository';
import type { AdminOverviewDto, AttentionDto, DashboardDto, DaySeriesDto, RunwayDto } from './dashboard.dto';
import { forecastRunway, RUNWAY_BASIS_DAYS } from './runway';

const RUNWAY_METHOD =
  'From your last 14 days: each hour of the coming weeks is expected to cost what the same hour of the week cost on average over the last two weeks (lead charges less refunds). ' +
  'Walking forward hour by hour, auto-charge fires when the balance would drop below its threshold, and the credit runs out when the balance would reach your credit limit (not counting any auto-charge).';

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** The business runs on UK time: the admin's "today" and days start at midnight in London, summer time included. */
export const BUSINESS_TIME_ZONE = 'Europe/London';

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Fills the 30 days up to today (in `timeZone`), oldest first, with zeros where nothing happened. */
function thirtyDays(now: Date, rows: Array<{ day: string; leads: number; spend: number }>, timeZone = 'UTC'): DaySeriesDto[] {
  const byDay = new Map(rows.map((r) => [day(r.day), r]));
  return Array.from({ length: 30 }, (_, i) => {
    const date = dayIn(timeZone, new Date(now.getTime() - (29 - i) * 86_400_000));
    const r = byDay.get(date);
    return { date, leads: r?.leads ?? 0, spend: r?.spend ?? 0 };
  });
}

/** What the client's home screen and the admin's home screen show. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly rows: DashboardRepository,
    private readonly queues: QueueRegistry,
    private readonly campaigns: CampaignsService,
  ) {}

  async forClient(clientId: string, now = new Date()): Promise<DashboardDto> {
    const [c] = await this.rows.clientFacts(clientId, now.toISOString());
    const billable = c!.billing_mode === 'billable';
    const series = await this.rows.clientSeries(clientId, now.toISOString());
    const recent = await this.rows.recentDeliveries(clientId);
    const runway = billable ? await this.runway(clientId, now, c!) : null;
    return {
      billingMode: c!.billing_mode,
      balance: billable && c!.balance !== null ? Number(c!.balance) : null,
      creditLimit: billable && c!.credit_limit !== null ? Number(c!.credit_limit) : null,
      currency: c!.currency ?? 'GBP',
      autoCharge:
        billable && c!.auto_charge_enabled !== null
          ? {
              enabled: c!.auto_charge_enabled,
              threshold: Number(c!.auto_charge_threshold),
              amount: Number(c!.auto_charge_amount),
              disabledReason: c!.auto_charge_disabled_reason,
            }
          : null,
      leadsToday: c!.today,
      leadsThisWeek: c!.week,
      dailyCap: c!.daily_cap ?? 0,
      weeklyCap: c!.weekly_cap,
      spentThisWeek: billable ? Number(c!.spent_week) : 0,
      spentThisMonth: billable ? Number(c!.spent_month) : 0,
      weeklySpendLimit: c!.weekly_spend_limit,
      monthlySpendLimit: c!.monthly_spend_limit,
      paused: c!.paused ?? false,
      series: thirtyDays(
        now,
        series.map((r) => ({ day: r.day, leads: r.leads, spend: Number(r.spend) })),
      ),
      recentLeads: recent.map((r) => ({
        id: r.id,
        postcode: r.postcode,
        price: Number(r.price),
        status: r.status,
        deliveredAt: new Date(r.delivered_at).toISOString(),
      })),
      attention: await this.attention(clientId, now, { paused: c!.paused ?? false, autoChargeOff: c!.auto_charge_disabled_reason, runway }),
      runway,
    };
  }

  private async runway(
    clientId: string,
    now: Date,
    c: {
      balance: string | null;
      credit_limit: string | null;
      auto_charge_enabled: boolean | null;
      auto_charge_threshold: string | null;
      auto_charge_amount: string | null;
    },
  ): Promise<RunwayDto> {
    // The ledger's hourly roll-up: a busy account sends 337 rows, not every charge of two weeks. Each
    // clock hour's sum stands in the middle of the hour, or just before now for the hour under way
    // (its charges are all in the past). The window's oldest part hour is left out.
    const hours = await this.rows.chargesPerHour(clientId, now.toISOString(), RUNWAY_BASIS_DAYS);
    const movements = hours.map((h) => ({
      at: new Date(Math.min(new Date(h.hour).getTime() + 1_800_000, now.getTime() - 1)),
      amount: Number(h.amount),
    }));
    const r = forecastRunway({
      now,
      balance: Number(c.balance ?? 0),
      creditLimit: Number(c.credit_limit ?? 0),
      autoCharge: c.auto_charge_enabled
        ? { enabled: true, threshold: Number(c.auto_charge_threshold), amount: Number(c.auto_charge_amount) }
        : null,
      movements,
      leadPrice: (await this.campaigns.highestLeadPrice(clientId)) ?? 0,
    });
    return {
      ...r,
      runsOutAt: r.runsOutAt?.toISOString() ?? null,
      autoChargeAt: r.autoChargeAt?.toISOString() ?? null,
      method: RUNWAY_METHOD,
    };
  }

  private async attention(
    clientId: string,
    now: Date,
    s: { paused: boolean; autoChargeOff: string | null; runway: RunwayDto | null },
  ): Promise<AttentionDto[]> {
    const items: AttentionDto[] = [];
    const [facts] = await this.rows.attentionFacts(clientId, now.toISOString());
    const failed = facts!.failure;
    if (failed)
      items.push({
        kind: 'payment_failed',
        severity: 'danger',
        message: `A payment failed: ${failed.failure_reason ?? 'the card was declined'}`,
        link: '/billing',
      });
    if (s.autoChargeOff)
      items.push({ kind: 'auto_charge_off', severity: 'danger', message: `Auto-charge is off: ${s.autoChargeOff}`, link: '/billing' });
    for (const card of facts!.cards) {
      const expiresAt = Date.UTC(card.exp_year, card.exp_month, 1); // the first moment after the expiry month
      if (expiresAt - now.getTime() < 30 * 86_400_000) {
        items.push({
          kind: 'card_expiring',
          severity: expiresAt <= now.getTime() ? 'danger' : 'warning',
          message: `Your ${card.brand} card ending ${card.last4} ${expiresAt <= now.getTime() ? 'has expired' : 'expires at the end of the month'}`,
          link: '/billing',
        });
      }
    }
    if (s.paused)
      items.push({
        kind: 'paused',
        severity: 'warning',
        message: 'Leads are paused: you receive none until you resume',
        link: '/account/preferences',
      });
    const failing = facts!.failing_endpoints;
    if (failing > 0)
      items.push({
        kind: 'webhook_failing',
        severity: 'warning',
        message: `${failing === 1 ? 'A webhook endpoint is' : `${failing} webhook endpoints are`} failing`,
        link: '/integrations',
      });
    for (const kind of facts!.failed_registrations)
      items.push({
        kind: 'integration_failed',
        severity: 'warning',
        message: `Registration with ${kind.split('_')[0]!.replace(/^./, (x) => x.toUpperCase())} failed; we are on it`,
        link: '/',
      });
    if (s.runway?.runsOutAt && !s.runway.autoChargeFirst && new Date(s.runway.runsOutAt).getTime() - now.getTime() < 3 * 86_400_000) {
      items.push({ kind: 'low_runway', severity: 'warning', message: 'At this rate your credit runs out within 3 days', link: '/billing' });
    }
    return items;
  }

  async forAdmin(now = new Date()): Promise<AdminOverviewDto> {
    const at = now.toISOString();
    const [today] = await this.rows.leadsToday(at, BUSINESS_TIME_ZONE);
    const [revenue] = await this.rows.revenue(at, BUSINESS_TIME_ZONE);
    const series = await this.rows.platformSeries(at, BUSINESS_TIME_ZONE);
    const topBuyers = await this.rows.topBuyers(at);
    const rates = await this.rows.reportRates(at);
    const suppliers = await this.rows.supplierVolumes(at);
    const failures = await this.rows.integrationFailures();
    const queues = await Promise.all(
      this.queues.all().map(async (q) => {
        const counts = await q.getJobCounts().catch(() => ({ waiting: -1, active: -1, delayed: -1, failed: -1 }));
        return { name: q.name, waiting: counts.waiting, active: counts.active, delayed: counts.delayed, failed: counts.failed };
      }),
    );
    return {
      leadsInToday: today?.leads_in ?? 0,
      deliveredToday: today?.delivered ?? 0,
      unsoldToday: today?.unsold ?? 0,
      rejectedToday: today?.rejected ?? 0,
      timeZone: BUSINESS_TIME_ZONE,
      revenueToday: Number(revenue?.today ?? 0),
      revenue30d: Number(revenue?.month ?? 0),
      series: thirtyDays(
        now,
        series.map((r) => ({ day: r.day, leads: r.leads, spend: Number(r.spend) })),
        BUSINESS_TIME_ZONE,
      ),
      topBuyers: topBuyers.map((b) => ({ ...b, amount: Number(b.amount) })),
      reportRates: rates.map((r) => ({
        clientId: r.id,
        name: r.name,
        delivered: r.delivered,
        reported: r.reported,
        rate: r.delivered ? r.reported / r.delivered : 0,
      })),
      supplierVolumes: suppliers.map((s) => ({ ...s, amount: Number(s.amount) })),
      queues,
      queueBoardUrl: '/admin/queues',
      integrationFailures: failures.map((f) => ({
        clientId: f.client_id,
        clientName: f.business_name,
        kind: f.kind,
        lastError: f.last_error,
        updatedAt: new Date(f.updated_at).toISOString(),
      })),
    };
  }
}
