import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Caps read counters instead of counting deliveries: `delivery_counts` holds, per buyer and day of
 * its time zone, the leads it took that were not refunded (scope = the buyer for all its leads, or
 * a campaign for that campaign's). Triggers on `deliveries` keep them, so inserts, refunds, moved
 * dates and deletes by any writer all count. Existing deliveries are counted here. The duplicate
 * check gets an index on (client, fingerprint, time): one probe instead of a scan of the window.
 */
export class DeliveryCounts1795342103417 implements MigrationInterface {
  name = 'DeliveryCounts1795342103417';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "delivery_counts" ("client_id" uuid NOT NULL, "scope" uuid NOT NULL, "day" date NOT NULL, "count" integer NOT NULL DEFAULT \'0\', CONSTRAINT "delivery_counts_pkey" PRIMARY KEY ("client_id", "scope", "day"))',
    );
    await queryRunner.query('CREATE INDEX "deliveries_client_fingerprint_idx" ON "deliveries" ("client_id", "fingerprint", "delivered_at") ');
    // Statement-level triggers over transition tables: one set-based upsert per statement, so a
    // bulk insert costs one pass, not one function call per row. Refunded deliveries do not count.
    const apply = (rows: string) => `
        INSERT INTO delivery_counts AS c (client_id, scope, day, count)
        SELECT d.client_id, s.scope, (d.delivered_at AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date, sum(d.delta)::int
        FROM (${rows}) d
        LEFT JOIN leads l ON l.id = d.lead_id
        LEFT JOIN lead_preferences p ON p.client_id = d.client_id
        CROSS JOIN LATERAL (VALUES (d.client_id), (l.campaign_id)) AS s(scope)
        WHERE s.scope IS NOT NULL
        GROUP BY 1, 2, 3
        HAVING sum(d.delta) <> 0
        ON CONFLICT (client_id, scope, day) DO UPDATE SET count = c.count + excluded.count`;
    const added = `SELECT client_id, lead_id, delivered_at, 1 AS delta FROM new_deliveries WHERE status <> 'refunded'`;
    const removed = `SELECT client_id, lead_id, delivered_at, -1 AS delta FROM old_deliveries WHERE status <> 'refunded'`;
    await queryRunner.query(`
      CREATE FUNCTION delivery_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${apply(added)};
        ELSIF TG_OP = 'DELETE' THEN
          ${apply(removed)};
        ELSE
          ${apply(`${added} UNION ALL ${removed}`)};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER delivery_counts_insert AFTER INSERT ON deliveries REFERENCING NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply()');
    await queryRunner.query('CREATE TRIGGER delivery_counts_update AFTER UPDATE ON deliveries REFERENCING OLD TABLE AS old_deliveries NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply()');
    await queryRunner.query('CREATE TRIGGER delivery_counts_delete AFTER DELETE ON deliveries REFERENCING OLD TABLE AS old_deliveries FOR EACH STATEMENT EXECUTE FUNCTION delivery_counts_apply()');
    // Backfill: every delivery so far, in each buyer's time zone.
    await queryRunner.query(`
      INSERT INTO delivery_counts (client_id, scope, day, count)
      SELECT client_id, scope, day, count(*)::int FROM (
        SELECT d.client_id, unnest(ARRAY[d.client_id] || CASE WHEN l.campaign_id IS NULL THEN ARRAY[]::uuid[] ELSE ARRAY[l.campaign_id] END) AS scope,
               (d.delivered_at AT TIME ZONE coalesce(p.time_zone, 'Europe/London'))::date AS day
        FROM deliveries d
        LEFT JOIN leads l ON l.id = d.lead_id
        LEFT JOIN lead_preferences p ON p.client_id = d.client_id
        WHERE d.status <> 'refunded'
      ) x
      GROUP BY client_id, scope, day`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER delivery_counts_delete ON deliveries');
    await queryRunner.query('DROP TRIGGER delivery_counts_update ON deliveries');
    await queryRunner.query('DROP TRIGGER delivery_counts_insert ON deliveries');
    await queryRunner.query('DROP FUNCTION delivery_counts_apply()');
    await queryRunner.query('DROP INDEX "public"."deliveries_client_fingerprint_idx"');
    await queryRunner.query('DROP TABLE "delivery_counts"');
  }
}
