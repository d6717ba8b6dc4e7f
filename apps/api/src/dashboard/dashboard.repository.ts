import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/**
 * The dashboards' read model: aggregates over other modules' tables (clients, balances, deliveries,
 * the ledger, payments, webhooks, registrations). It only reads; `at` is the moment "now" stands for.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // db.query answers `any`: each method's return type is the row shape its SELECT produces.

  clientFacts(clientId: string): Promise<
    Array<{
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
    }>
  > {
    return this.db.query(
      `SELECT c.billing_mode, a.balance, a.credit_limit, a.currency, a.auto_charge_enabled, a.auto_charge_threshold, a.auto_charge_amount, a.auto_charge_disabled_reason,
              p.daily_cap, p.weekly_cap, p.paused, p.time_zone
         FROM clients c LEFT JOIN credit_accounts a ON a.client_id = c.id LEFT JOIN lead_preferences p ON p.client_id = c.id
        WHERE c.id = $1`,
      [clientId],
    );
  }

  deliveryCounts(clientId: string, at: string, timeZone: string): Promise<Array<{ today: number; week: number }>> {
    return this.db.query(
      `SELECT count(*) FILTER (WHERE delivered_at >= date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)::int AS today,
              count(*) FILTER (WHERE delivered_at >= date_trunc('week', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)::int AS week
         FROM deliveries WHERE client_id = $1 AND status <> 'refunded' AND delivered_at >= $2::timestamptz - interval '8 days'`,
      [clientId, at, timeZone],
    );
  }

  clientSeries(clientId: string, at: string): Promise<Array<{ day: string; leads: number; spend: string }>> {
    return this.db.query(
      `SELECT d::date::text AS day, coalesce(l.leads, 0)::int AS leads, coalesce(s.spend, 0)::bigint AS spend
         FROM generate_series(($2::timestamptz - interval '29 days')::date, $2::timestamptz::date, interval '1 day') d
         LEFT JOIN (SELECT delivered_at::date AS day, count(*) AS leads FROM deliveries WHERE client_id = $1 AND delivered_at >= $2::timestamptz - interval '30 days' GROUP BY 1) l ON l.day = d::date
         LEFT JOIN (SELECT created_at::date AS day, -sum(amount) AS spend FROM ledger_entries WHERE client_id = $1 AND kind IN ('lead_charge', 'refund') AND created_at >= $2::timestamptz - interval '30 days' GROUP BY 1) s ON s.day = d::date`,
      [clientId, at],
    );
  }

  recentDeliveries(
    clientId: string,
  ): Promise<Array<{ id: string; postcode: string | null; price: string; status: string; delivered_at: Date }>> {
    return this.db.query(
      `SELECT l.id, l.postcode, d.price, d.status, d.delivered_at FROM deliveries d JOIN leads l ON l.id = d.lead_id WHERE d.client_id = $1 ORDER BY d.delivered_at DESC LIMIT 5`,
      [clientId],
    );
  }

  chargesPerHour(clientId: string, at: string, days: number): Promise<Array<{ hours_ago: number; amount: string }>> {
    return this.db.query(
      `SELECT floor(extract(epoch FROM $2::timestamptz - date_trunc('milliseconds', created_at)) / 3600)::int AS hours_ago, sum(amount)::bigint AS amount
         FROM ledger_entries WHERE client_id = $1 AND kind IN ('lead_charge', 'refund') AND created_at >= $2::timestamptz - make_interval(days => $3) AND created_at < $2::timestamptz
        GROUP BY 1`,
      [clientId, at, days],
    );
  }

  lastUnrecoveredFailure(clientId: string, at: string): Promise<Array<{ failure_reason: string | null }>> {
    return this.db.query(
      `SELECT failure_reason FROM payments WHERE client_id = $1 AND status = 'failed' AND updated_at > $2::timestamptz - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM payments p2 WHERE p2.client_id = $1 AND p2.status = 'succeeded' AND p2.updated_at > payments.updated_at)
        ORDER BY updated_at DESC LIMIT 1`,
      [clientId, at],
    );
  }

  defaultCards(clientId: string): Promise<Array<{ brand: string; last4: string; exp_month: number; exp_year: number }>> {
    return this.db.query(`SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE client_id = $1 AND is_default`, [clientId]);
  }

  failingEndpoints(clientId: string, at: string): Promise<Array<{ n: number }>> {
    return this.db.query(
      `SELECT count(*)::int AS n FROM webhook_endpoints e WHERE e.client_id = $1 AND (
         (NOT e.active AND e.disabled_reason LIKE '%410%')
         OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed' AND d.completed_at > $2::timestamptz - interval '7 days'))`,
      [clientId, at],
    );
  }

  failedRegistrations(clientId: string): Promise<Array<{ kind: string }>> {
    return this.db.query(`SELECT kind FROM integration_states WHERE client_id = $1 AND status = 'failed'`, [clientId]);
  }

  /** Leads received since midnight in `timeZone`: in = delivered + unsold + rejected. */
  leadsToday(at: string, timeZone: string): Promise<Array<{ leads_in: number; delivered: number; unsold: number; rejected: number }>> {
    return this.db.query(
      `SELECT count(*)::int AS leads_in, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE status = 'unsold')::int AS unsold, count(*) FILTER (WHERE status = 'rejected')::int AS rejected
         FROM leads WHERE received_at >= date_trunc('day', $1::timestamptz AT TIME ZONE $2) AT TIME ZONE $2`,
      [at, timeZone],
    );
  }

  revenue(at: string, timeZone: string): Promise<Array<{ today: string; month: string }>> {
    return this.db.query(
      `SELECT coalesce(-sum(amount) FILTER (WHERE created_at >= date_trunc('day', $1::timestamptz AT TIME ZONE $2) AT TIME ZONE $2), 0)::bigint AS today,
              coalesce(-sum(amount), 0)::bigint AS month
         FROM ledger_entries WHERE kind IN ('lead_charge', 'refund') AND created_at >= $1::timestamptz - interval '30 days'`,
      [at, timeZone],
    );
  }

  platformSeries(at: string, timeZone: string): Promise<Array<{ day: string; leads: number; spend: string }>> {
    return this.db.query(
      `SELECT (delivered_at AT TIME ZONE $2)::date::text AS day, count(*)::int AS leads, sum(price)::bigint AS spend
         FROM deliveries WHERE delivered_at >= $1::timestamptz - interval '30 days' AND status <> 'refunded' GROUP BY 1`,
      [at, timeZone],
    );
  }

  topBuyers(at: string): Promise<Array<{ id: string; name: string; count: number; amount: string }>> {
    return this.db.query(
      `SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, count(*)::int AS count, sum(d.price)::bigint AS amount
         FROM deliveries d JOIN clients c ON c.id = d.client_id WHERE d.delivered_at >= $1::timestamptz - interval '30 days' AND d.status <> 'refunded'
        GROUP BY c.id ORDER BY amount DESC, count DESC LIMIT 5`,
      [at],
    );
  }

  reportRates(at: string): Promise<Array<{ id: string; name: string; delivered: number; reported: number }>> {
    return this.db.query(
      `SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, count(d.*)::int AS delivered, count(r.*)::int AS reported
         FROM deliveries d JOIN clients c ON c.id = d.client_id LEFT JOIN lead_reports r ON r.delivery_id = d.id
        WHERE d.delivered_at >= $1::timestamptz - interval '30 days'
        GROUP BY c.id HAVING count(r.*) > 0 ORDER BY count(r.*)::float / count(d.*) DESC, delivered DESC LIMIT 10`,
      [at],
    );
  }

  supplierVolumes(at: string): Promise<Array<{ id: string; name: string; count: number; amount: string }>> {
    return this.db.query(
      `SELECT s.id, s.name, count(l.*)::int AS count, coalesce(sum(d.price), 0)::bigint AS amount
         FROM suppliers s JOIN leads l ON l.supplier_id = s.id AND l.received_at >= $1::timestamptz - interval '30 days'
         LEFT JOIN deliveries d ON d.lead_id = l.id
        GROUP BY s.id ORDER BY count DESC LIMIT 10`,
      [at],
    );
  }

  integrationFailures(): Promise<
    Array<{ client_id: string; business_name: string | null; kind: string; last_error: string | null; updated_at: Date }>
  > {
    return this.db.query(
      `SELECT i.client_id, c.business_name, i.kind, i.last_error, i.updated_at FROM integration_states i JOIN clients c ON c.id = i.client_id WHERE i.status = 'failed' ORDER BY i.updated_at DESC LIMIT 20`,
    );
  }
}
