import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { QueueRegistry } from '../core/queue/queue-registry';
import type { AdminOverviewDto, AttentionDto, DashboardDto, DaySeriesDto, RunwayDto } from './dashboard.dto';
import { forecastRunway, RUNWAY_BASIS_DAYS } from './runway';

const RUNWAY_METHOD =
  'From your last 14 days: each hour of the coming weeks is expected to cost what the same hour of the week cost on average over the last two weeks (lead charges less refunds). ' +
  'Walking forward hour by hour, auto-charge fires when the balance would drop below its threshold, and the credit runs out when the balance would reach your credit limit (not counting any auto-charge).';

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** Fills the 30 days before today (UTC), oldest first, with zeros where nothing happened. */
function thirtyDays(now: Date, rows: Array<{ day: string; leads: number; spend: number }>): DaySeriesDto[] {
  const byDay = new Map(rows.map((r) => [day(r.day), r]));
  return Array.from({ length: 30 }, (_, i) => {
    const date = day(new Date(now.getTime() - (29 - i) * 86_400_000));
    const r = byDay.get(date);
    return { date, leads: r?.leads ?? 0, spend: r?.spend ?? 0 };
  });
}

/** What the client's home screen and the admin's home screen show. */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  async forClient(clientId: string, now = new Date()): Promise<DashboardDto> {
    const [c] = (await this.db.query(
      `SELECT c.billing_mode, a.balance, a.credit_limit, a.currency, a.auto_charge_enabled, a.auto_charge_threshold, a.auto_charge_amount, a.auto_charge_disabled_reason,
              p.daily_cap, p.weekly_cap, p.paused, p.time_zone
         FROM clients c LEFT JOIN credit_accounts a ON a.client_id = c.id LEFT JOIN lead_preferences p ON p.client_id = c.id
        WHERE c.id = $1`,
      [clientId],
    )) as Array<{
      billing_mode: string;
      balance: string | null;
      credit_limit: string | null;
      currency: string | null;
      auto_charge_enabled: boolean | null;
      auto_charge_threshold: string | null;
      auto_charge_amount: string | null;
      auto_charge_disabled_reason: string | null;
      daily_cap: number | null;
      weekly_cap: number | null;
      paused: boolean | null;
      time_zone: string | null;
    }>;
    const billable = c!.billing_mode === 'billable';
    const timeZone = c!.time_zone ?? 'Europe/London';
    const [counts] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE delivered_at >= date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)::int AS today,
              count(*) FILTER (WHERE delivered_at >= date_trunc('week', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)::int AS week
         FROM deliveries WHERE client_id = $1 AND status <> 'refunded' AND delivered_at >= $2::timestamptz - interval '8 days'`,
      [clientId, now.toISOString(), timeZone],
    )) as Array<{ today: number; week: number }>;
    const series = (await this.db.query(
      `SELECT d::date::text AS day, coalesce(l.leads, 0)::int AS leads, coalesce(s.spend, 0)::bigint AS spend
         FROM generate_series(($2::timestamptz - interval '29 days')::date, $2::timestamptz::date, interval '1 day') d
         LEFT JOIN (SELECT delivered_at::date AS day, count(*) AS leads FROM deliveries WHERE client_id = $1 AND delivered_at >= $2::timestamptz - interval '30 days' GROUP BY 1) l ON l.day = d::date
         LEFT JOIN (SELECT created_at::date AS day, -sum(amount) AS spend FROM ledger_entries WHERE client_id = $1 AND kind IN ('lead_charge', 'refund') AND created_at >= $2::timestamptz - interval '30 days' GROUP BY 1) s ON s.day = d::date`,
      [clientId, now.toISOString()],
    )) as Array<{ day: string; leads: number; spend: string }>;
    const recent = (await this.db.query(
      `SELECT l.id, l.postcode, d.price, d.status, d.delivered_at FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE d.client_id = $1 ORDER BY d.delivered_at DESC LIMIT 5`,
      [clientId],
    )) as Array<{ id: string; postcode: string | null; price: string; status: string; delivered_at: Date }>;
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
      leadsToday: counts?.today ?? 0,
      leadsThisWeek: counts?.week ?? 0,
      dailyCap: c!.daily_cap ?? 0,
      weeklyCap: c!.weekly_cap,
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
    // Summed per whole hour before now (all the forecast looks at), so a busy account sends 336 rows, not
    // every charge of two weeks; each hour's sum is placed in the middle of its hour. Milliseconds, as a
    // JavaScript date would hold them, so an hour boundary falls where it would for the rows themselves.
    const hours = (await this.db.query(
      `SELECT floor(extract(epoch FROM $2::timestamptz - date_trunc('milliseconds', created_at)) / 3600)::int AS hours_ago, sum(amount)::bigint AS amount
         FROM ledger_entries WHERE client_id = $1 AND kind IN ('lead_charge', 'refund') AND created_at >= $2::timestamptz - make_interval(days => $3) AND created_at < $2::timestamptz
        GROUP BY 1`,
      [clientId, now.toISOString(), RUNWAY_BASIS_DAYS],
    )) as Array<{ hours_ago: number; amount: string }>;
    const movements = hours.map((h) => ({ at: new Date(now.getTime() - (h.hours_ago + 0.5) * 3_600_000), amount: Number(h.amount) }));
    const r = forecastRunway({
      now,
      balance: Number(c.balance ?? 0),
      creditLimit: Number(c.credit_limit ?? 0),
      autoCharge: c.auto_charge_enabled
        ? { enabled: true, threshold: Number(c.auto_charge_threshold), amount: Number(c.auto_charge_amount) }
        : null,
      movements,
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
    const [failed] = (await this.db.query(
      `SELECT failure_reason FROM payments WHERE client_id = $1 AND status = 'failed' AND updated_at > $2::timestamptz - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM payments p2 WHERE p2.client_id = $1 AND p2.status = 'succeeded' AND p2.updated_at > payments.updated_at)
        ORDER BY updated_at DESC LIMIT 1`,
      [clientId, now.toISOString()],
    )) as Array<{ failure_reason: string | null }>;
    if (failed)
      items.push({
        kind: 'payment_failed',
        severity: 'danger',
        message: `A payment failed: ${failed.failure_reason ?? 'the card was declined'}`,
        link: '/billing',
      });
    if (s.autoChargeOff)
      items.push({ kind: 'auto_charge_off', severity: 'danger', message: `Auto-charge is off: ${s.autoChargeOff}`, link: '/billing' });
    const cards = (await this.db.query(
      `SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE client_id = $1 AND is_default`,
      [clientId],
    )) as Array<{ brand: string; last4: string; exp_month: number; exp_year: number }>;
    for (const card of cards) {
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
    const [hooks] = (await this.db.query(
      `SELECT count(*)::int AS n FROM webhook_endpoints e WHERE e.client_id = $1 AND (
         (NOT e.active AND e.disabled_reason LIKE '%410%')
         OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed' AND d.completed_at > $2::timestamptz - interval '7 days'))`,
      [clientId, now.toISOString()],
    )) as Array<{ n: number }>;
    if (hooks && hooks.n > 0)
      items.push({
        kind: 'webhook_failing',
        severity: 'warning',
        message: `${hooks.n === 1 ? 'A webhook endpoint is' : `${hooks.n} webhook endpoints are`} failing`,
        link: '/integrations',
      });
    const broken = (await this.db.query(`SELECT kind FROM integration_states WHERE client_id = $1 AND status = 'failed'`, [
      clientId,
    ])) as Array<{ kind: string }>;
    for (const b of broken)
      items.push({
        kind: 'integration_failed',
        severity: 'warning',
        message: `Registration with ${b.kind.split('_')[0]!.replace(/^./, (x) => x.toUpperCase())} failed; we are on it`,
        link: '/',
      });
    if (s.runway?.runsOutAt && !s.runway.autoChargeFirst && new Date(s.runway.runsOutAt).getTime() - now.getTime() < 3 * 86_400_000) {
      items.push({ kind: 'low_runway', severity: 'warning', message: 'At this rate your credit runs out within 3 days', link: '/billing' });
    }
    return items;
  }

  async forAdmin(now = new Date()): Promise<AdminOverviewDto> {
    const at = now.toISOString();
    const [today] = (await this.db.query(
      `SELECT count(*)::int AS leads_in, count(*) FILTER (WHERE status = 'delivered')::int AS delivered, count(*) FILTER (WHERE status = 'unsold')::int AS unsold
         FROM leads WHERE received_at >= date_trunc('day', $1::timestamptz)`,
      [at],
    )) as Array<{ leads_in: number; delivered: number; unsold: number }>;
    const [revenue] = (await this.db.query(
      `SELECT coalesce(-sum(amount) FILTER (WHERE created_at >= date_trunc('day', $1::timestamptz)), 0)::bigint AS today, coalesce(-sum(amount), 0)::bigint AS month
         FROM ledger_entries WHERE kind IN ('lead_charge', 'refund') AND created_at >= $1::timestamptz - interval '30 days'`,
      [at],
    )) as Array<{ today: string; month: string }>;
    const series = (await this.db.query(
      `SELECT delivered_at::date::text AS day, count(*)::int AS leads, sum(price)::bigint AS spend FROM deliveries WHERE delivered_at >= $1::timestamptz - interval '30 days' AND status <> 'refunded' GROUP BY 1`,
      [at],
    )) as Array<{ day: string; leads: number; spend: string }>;
    const topBuyers = (await this.db.query(
      `SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, count(*)::int AS count, sum(d.price)::bigint AS amount
         FROM deliveries d JOIN clients c ON c.id = d.client_id WHERE d.delivered_at >= $1::timestamptz - interval '30 days' AND d.status <> 'refunded'
        GROUP BY c.id ORDER BY amount DESC, count DESC LIMIT 5`,
      [at],
    )) as Array<{ id: string; name: string; count: number; amount: string }>;
    const rates = (await this.db.query(
      `SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, count(d.*)::int AS delivered, count(r.*)::int AS reported
         FROM deliveries d JOIN clients c ON c.id = d.client_id LEFT JOIN lead_reports r ON r.delivery_id = d.id
        WHERE d.delivered_at >= $1::timestamptz - interval '30 days'
        GROUP BY c.id HAVING count(r.*) > 0 ORDER BY count(r.*)::float / count(d.*) DESC, delivered DESC LIMIT 10`,
      [at],
    )) as Array<{ id: string; name: string; delivered: number; reported: number }>;
    const suppliers = (await this.db.query(
      `SELECT s.id, s.name, count(l.*)::int AS count, coalesce(sum(d.price), 0)::bigint AS amount
         FROM suppliers s JOIN leads l ON l.supplier_id = s.id AND l.received_at >= $1::timestamptz - interval '30 days'
         LEFT JOIN deliveries d ON d.lead_id = l.id
        GROUP BY s.id ORDER BY count DESC LIMIT 10`,
      [at],
    )) as Array<{ id: string; name: string; count: number; amount: string }>;
    const failures = (await this.db.query(
      `SELECT i.client_id, c.business_name, i.kind, i.last_error, i.updated_at FROM integration_states i JOIN clients c ON c.id = i.client_id WHERE i.status = 'failed' ORDER BY i.updated_at DESC LIMIT 20`,
    )) as Array<{ client_id: string; business_name: string | null; kind: string; last_error: string | null; updated_at: Date }>;
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
      revenueToday: Number(revenue?.today ?? 0),
      revenue30d: Number(revenue?.month ?? 0),
      series: thirtyDays(
        now,
        series.map((r) => ({ day: r.day, leads: r.leads, spend: Number(r.spend) })),
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
