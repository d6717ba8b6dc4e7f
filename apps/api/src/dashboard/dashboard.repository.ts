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

  /**
   * The client's account facts, and its leads today and this week and its spend this week and month in
   * its time zone, not refunded (the counters its caps and spending limits read), at `at`.
   */
  clientFacts(
    clientId: string,
    at: string,
  ): Promise<
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
      weekly_spend_limit: number | null;
      monthly_spend_limit: number | null;
      paused: boolean | null;
      time_zone: string | null;
      today: number;
      week: number;
      spent_week: string;
      spent_month: string;
    }>
  > {
    return this.db.query(
      `SELECT c.billing_mode, a.balance, a.credit_limit, a.currency, a.auto_charge_enabled, a.auto_charge_threshold, a.auto_charge_amount, a.auto_charge_disabled_reason,
              p.daily_cap, p.weekly_cap, p.weekly_spend_limit, p.monthly_spend_limit, p.paused, p.time_zone, n.today, n.week, n.spent_week, n.spent_month
         FROM clients c LEFT JOIN credit_accounts a ON a.client_id = c.id LEFT JOIN lead_preferences p ON p.client_id = c.id
         CROSS JOIN LATERAL (SELECT ($2::timestamptz AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date AS day) local
         CROSS JOIN LATERAL (SELECT date_trunc('week', local.day)::date AS week_start, date_trunc('month', local.day)::date AS month_start) since
         CROSS JOIN LATERAL (
           SELECT coalesce(sum(k.count) FILTER (WHERE k.day = local.day), 0)::int AS today,
                  coalesce(sum(k.count) FILTER (WHERE k.day >= since.week_start), 0)::int AS week,
                  coalesce(sum(k.amount) FILTER (WHERE k.day >= since.week_start), 0)::bigint AS spent_week,
                  coalesce(sum(k.amount) FILTER (WHERE k.day >= since.month_start), 0)::bigint AS spent_month
             FROM delivery_counts k WHERE k.client_id = c.id AND k.scope = c.id AND k.day >= least(since.week_start, since.month_start)) n
        WHERE c.id = $1`,
      [clientId, at],
    );
  }

  /** The last 30 UTC days: deliveries made and lead spend (charges less refunds), from the hourly roll-ups. */
  clientSeries(clientId: string, at: string): Promise<Array<{ day: string; leads: number; spend: string }>> {
    return this.db.query(
      `WITH since AS (SELECT date_trunc('day', $2::timestamptz - interval '29 days', 'UTC') AS t)
       SELECT d::date::text AS day, coalesce(l.leads, 0)::int AS leads, coalesce(s.spend, 0)::bigint AS spend
         FROM generate_series(($2::timestamptz - interval '29 days')::date, $2::timestamptz::date, interval '1 day') d
         LEFT JOIN (SELECT (hour AT TIME ZONE 'UTC')::date AS day, sum(deliveries) AS leads FROM delivery_hours, since WHERE client_id = $1 AND hour >= since.t GROUP BY 1) l ON l.day = d::date
         LEFT JOIN (SELECT (hour AT TIME ZONE 'UTC')::date AS day, -sum(amount) AS spend FROM lead_spend_hours, since WHERE client_id = $1 AND hour >= since.t GROUP BY 1) s ON s.day = d::date`,
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

  /** Lead charges less refunds per UTC hour that starts in the `days` before `at` (the current hour included). */
  chargesPerHour(clientId: string, at: string, days: number): Promise<Array<{ hour: Date; amount: string }>> {
    return this.db.query(
      `SELECT hour, amount FROM lead_spend_hours
        WHERE client_id = $1 AND hour >= $2::timestamptz - make_interval(days => $3) AND hour <= $2::timestamptz`,
      [clientId, at, days],
    );
  }

  /**
   * What may need the client's attention, in one round trip: the last failed payment not followed by a
   * success (7 days), its default cards, how many webhook endpoints are failing or gone, and which
   * registrations failed.
   */
  attentionFacts(
    clientId: string,
    at: string,
  ): Promise<
    Array<{
      failure: { failure_reason: string | null } | null;
      cards: Array<{ brand: string; last4: string; exp_month: number; exp_year: number }>;
      failing_endpoints: number;
      failed_registrations: string[];
    }>
  > {
    return this.db.query(
      `SELECT
         (SELECT to_jsonb(f) FROM (
            SELECT failure_reason FROM payments WHERE client_id = $1 AND status = 'failed' AND updated_at > $2::timestamptz - interval '7 days'
               AND NOT EXISTS (SELECT 1 FROM payments p2 WHERE p2.client_id = $1 AND p2.status = 'succeeded' AND p2.updated_at > payments.updated_at)
             ORDER BY updated_at DESC LIMIT 1) f) AS failure,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('brand', brand, 'last4', last4, 'exp_month', exp_month, 'exp_year', exp_year)), '[]'::jsonb)
            FROM payment_methods WHERE client_id = $1 AND is_default) AS cards,
         (SELECT count(*)::int FROM webhook_endpoints e WHERE e.client_id = $1 AND (
            (NOT e.active AND e.disabled_reason LIKE '%410%')
            OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.status = 'failed' AND d.completed_at > $2::timestamptz - interval '7 days'))) AS failing_endpoints,
         ARRAY(SELECT kind FROM integration_states WHERE client_id = $1 AND status = 'failed' ORDER BY kind) AS failed_registrations`,
      [clientId, at],
    );
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

  /** Lead revenue (charges less refunds) since midnight in `timeZone` and over the last 30 days, to the hour. */
  revenue(at: string, timeZone: string): Promise<Array<{ today: string; month: string }>> {
    return this.db.query(
      `SELECT coalesce(-sum(amount) FILTER (WHERE hour >= date_trunc('day', $1::timestamptz AT TIME ZONE $2) AT TIME ZONE $2), 0)::bigint AS today,
              coalesce(-sum(amount), 0)::bigint AS month
         FROM lead_spend_hours WHERE hour >= date_trunc('hour', $1::timestamptz - interval '30 days', 'UTC')`,
      [at, timeZone],
    );
  }

  /** Leads sold (not refunded) and their value per day in `timeZone`, the last 30 days to the hour. */
  platformSeries(at: string, timeZone: string): Promise<Array<{ day: string; leads: number; spend: string }>> {
    return this.db.query(
      `SELECT (hour AT TIME ZONE $2)::date::text AS day, sum(kept)::int AS leads, sum(kept_amount)::bigint AS spend
         FROM delivery_hours WHERE hour >= date_trunc('hour', $1::timestamptz - interval '30 days', 'UTC') GROUP BY 1`,
      [at, timeZone],
    );
  }

  topBuyers(at: string): Promise<Array<{ id: string; name: string; count: number; amount: string }>> {
    return this.db.query(
      `SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, h.count, h.amount
         FROM (SELECT client_id, sum(kept)::int AS count, sum(kept_amount)::bigint AS amount FROM delivery_hours
                WHERE hour >= date_trunc('hour', $1::timestamptz - interval '30 days', 'UTC') GROUP BY client_id HAVING sum(kept) > 0) h
         JOIN clients c ON c.id = h.client_id
        ORDER BY h.amount DESC, h.count DESC LIMIT 5`,
      [at],
    );
  }

  /** Per buyer: its reports made in the last 30 days (to the hour) against the deliveries it got in them. */
  reportRates(at: string): Promise<Array<{ id: string; name: string; delivered: number; reported: number }>> {
    return this.db.query(
      `WITH since AS (SELECT date_trunc('hour', $1::timestamptz - interval '30 days', 'UTC') AS t),
            reported AS (SELECT r.client_id, count(*)::int AS reported FROM lead_reports r, since WHERE r.created_at >= since.t GROUP BY r.client_id),
            delivered AS (
              SELECT client_id, sum(deliveries)::int AS delivered FROM delivery_hours, since
               WHERE hour >= since.t AND client_id IN (SELECT client_id FROM reported) GROUP BY client_id)
       SELECT c.id, coalesce(c.business_name, 'Unnamed client') AS name, coalesce(dl.delivered, 0) AS delivered, r.reported
         FROM reported r JOIN clients c ON c.id = r.client_id LEFT JOIN delivered dl ON dl.client_id = r.client_id
        ORDER BY r.reported::float / greatest(coalesce(dl.delivered, 0), 1) DESC, delivered DESC LIMIT 10`,
      [at],
    );
  }

  /** Per supplier: its leads in the last 30 days (to the hour) and what they sold for, from the hourly roll-up. */
  supplierVolumes(at: string): Promise<Array<{ id: string; name: string; count: number; amount: string }>> {
    return this.db.query(
      `SELECT s.id, s.name, v.count, v.amount
         FROM (SELECT supplier_id, sum(leads)::int AS count, sum(sold_amount)::bigint AS amount FROM supplier_hours
                WHERE hour >= date_trunc('hour', $1::timestamptz - interval '30 days', 'UTC') GROUP BY supplier_id HAVING sum(leads) > 0) v
         JOIN suppliers s ON s.id = v.supplier_id
        ORDER BY v.count DESC LIMIT 10`,
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
