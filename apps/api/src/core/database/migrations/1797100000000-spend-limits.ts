import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spending limits: a buyer may cap what its leads cost per week and per month (its time zone, minor
 * units, next to the lead caps). `delivery_counts` gains `amount`, the prices of the day's leads
 * that were not refunded, kept by the same trigger as the count, so the limit is checked under the
 * buyer's lock from at most 31 rows, exact under concurrency like the caps.
 */
const counts = (rows: string) => `
    INSERT INTO delivery_counts AS c (client_id, scope, day, count, amount)
    SELECT d.client_id, s.scope, (d.delivered_at AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date, sum(d.delta)::int, sum(d.delta * d.price)
    FROM (${rows}) d
    LEFT JOIN leads l ON l.id = d.lead_id
    LEFT JOIN lead_preferences p ON p.client_id = d.client_id
    CROSS JOIN LATERAL (VALUES (d.client_id), (l.campaign_id)) AS s(scope)
    WHERE s.scope IS NOT NULL AND d.kept
    GROUP BY 1, 2, 3
    HAVING sum(d.delta) <> 0 OR sum(d.delta * d.price) <> 0
    ON CONFLICT (client_id, scope, day) DO UPDATE SET count = c.count + excluded.count, amount = c.amount + excluded.amount`;
const countsWithoutAmount = (rows: string) => `
    INSERT INTO delivery_counts AS c (client_id, scope, day, count)
    SELECT d.client_id, s.scope, (d.delivered_at AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date, sum(d.delta)::int
    FROM (${rows}) d
    LEFT JOIN leads l ON l.id = d.lead_id
    LEFT JOIN lead_preferences p ON p.client_id = d.client_id
    CROSS JOIN LATERAL (VALUES (d.client_id), (l.campaign_id)) AS s(scope)
    WHERE s.scope IS NOT NULL AND d.kept
    GROUP BY 1, 2, 3
    HAVING sum(d.delta) <> 0
    ON CONFLICT (client_id, scope, day) DO UPDATE SET count = c.count + excluded.count`;
const hours = (rows: string) => `
    INSERT INTO delivery_hours AS h (client_id, hour, deliveries, kept, kept_amount)
    SELECT d.client_id, date_trunc('hour', d.delivered_at, 'UTC'), sum(d.delta)::int,
           coalesce(sum(d.delta) FILTER (WHERE d.kept), 0)::int, coalesce(sum(d.delta * d.price) FILTER (WHERE d.kept), 0)
    FROM (${rows}) d
    GROUP BY 1, 2
    HAVING sum(d.delta) <> 0 OR coalesce(sum(d.delta) FILTER (WHERE d.kept), 0) <> 0
    ON CONFLICT (client_id, hour) DO UPDATE
      SET deliveries = h.deliveries + excluded.deliveries, kept = h.kept + excluded.kept, kept_amount = h.kept_amount + excluded.kept_amount`;
const sold = (rows: string) => `
    INSERT INTO supplier_hours AS h (supplier_id, hour, leads, sold_amount)
    SELECT l.supplier_id, date_trunc('hour', l.received_at, 'UTC'), 0, sum(d.delta * d.price)
    FROM (${rows}) d JOIN leads l ON l.id = d.lead_id
    WHERE l.supplier_id IS NOT NULL
    GROUP BY 1, 2
    HAVING sum(d.delta * d.price) <> 0
    ON CONFLICT (supplier_id, hour) DO UPDATE SET sold_amount = h.sold_amount + excluded.sold_amount`;
const added = `SELECT client_id, lead_id, delivered_at, price, status <> 'refunded' AS kept, 1 AS delta FROM new_deliveries`;
const removed = `SELECT client_id, lead_id, delivered_at, price, status <> 'refunded' AS kept, -1 AS delta FROM old_deliveries`;

const deliveriesFunction = (parts: Array<(rows: string) => string>) => {
  const body = (rows: string) => parts.map((part) => `${part(rows)};`).join('\n');
  return `
  CREATE OR REPLACE FUNCTION deliveries_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${body(added)}
    ELSIF TG_OP = 'DELETE' THEN
      ${body(removed)}
    ELSE
      ${body(`${added} UNION ALL ${removed}`)}
    END IF;
    RETURN NULL;
  END $$`;
};

export class SpendLimits1797100000000 implements MigrationInterface {
  name = 'SpendLimits1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "lead_preferences" ADD "weekly_spend_limit" integer`);
    await queryRunner.query(`ALTER TABLE "lead_preferences" ADD "monthly_spend_limit" integer`);
    await queryRunner.query(
      `ALTER TABLE "lead_preferences" ADD CONSTRAINT "lead_preferences_spend_limits_check" CHECK ((weekly_spend_limit IS NULL OR weekly_spend_limit > 0) AND (monthly_spend_limit IS NULL OR monthly_spend_limit > 0))`,
    );
    await queryRunner.query(`ALTER TABLE "delivery_counts" ADD "amount" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(deliveriesFunction([counts, hours, sold]));
    // Backfill: the amounts of the days counted so far, in each buyer's time zone (as the counts were).
    await queryRunner.query(`
      UPDATE delivery_counts c SET amount = x.amount FROM (
        SELECT d.client_id, s.scope, (d.delivered_at AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date AS day, sum(d.price) AS amount
          FROM deliveries d
          LEFT JOIN leads l ON l.id = d.lead_id
          LEFT JOIN lead_preferences p ON p.client_id = d.client_id
          CROSS JOIN LATERAL (VALUES (d.client_id), (l.campaign_id)) AS s(scope)
         WHERE s.scope IS NOT NULL AND d.status <> 'refunded'
         GROUP BY 1, 2, 3) x
      WHERE c.client_id = x.client_id AND c.scope = x.scope AND c.day = x.day`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(deliveriesFunction([countsWithoutAmount, hours, sold]));
    await queryRunner.query(`ALTER TABLE "delivery_counts" DROP COLUMN "amount"`);
    await queryRunner.query(`ALTER TABLE "lead_preferences" DROP CONSTRAINT "lead_preferences_spend_limits_check"`);
    await queryRunner.query(`ALTER TABLE "lead_preferences" DROP COLUMN "monthly_spend_limit"`);
    await queryRunner.query(`ALTER TABLE "lead_preferences" DROP COLUMN "weekly_spend_limit"`);
  }
}
