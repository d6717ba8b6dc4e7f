import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly roll-ups for the dashboards, so a chart of 30 days reads 720 rows per client instead of
 * every delivery and ledger entry of the month:
 * - `delivery_hours`: per buyer and UTC hour, its deliveries, the ones not refunded and their
 *   price. Kept by the statement-level triggers on `deliveries` that already keep `delivery_counts`
 *   (one function now, so a lead still fires one trigger).
 * - `lead_spend_hours`: per client and UTC hour, the ledger's lead charges and refunds (minor units,
 *   charges negative). Kept by statement-level triggers on `ledger_entries`.
 * Triggers, like `delivery_counts`, so every writer (ingest, refunds, reprocessing, a moved date)
 * keeps them right. Existing rows are rolled up here.
 *
 * And indexes for the lists' rare filters, each partial so that an ordinary lead writes no entry:
 * deliveries that are not plain `delivered` (refunded, reported, rejected report), unsold leads,
 * leads from suppliers (the overview's supplier volumes), and reports by time.
 */
// deliveries: the caps' daily counts (as migration 1795342103417 kept them) and the hourly roll-up.
const counts = (rows: string) => `
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
const added = `SELECT client_id, lead_id, delivered_at, price, status <> 'refunded' AS kept, 1 AS delta FROM new_deliveries`;
const removed = `SELECT client_id, lead_id, delivered_at, price, status <> 'refunded' AS kept, -1 AS delta FROM old_deliveries`;
const both = (rows: string) => `${counts(rows)};\n${hours(rows)}`;

/** A statement-level trigger function over the transition tables: `body` gets the rows as a SELECT. */
const applyFunction = (name: string, body: (rows: string) => string, added: string, removed: string) => `
  CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      ${body(added)};
    ELSIF TG_OP = 'DELETE' THEN
      ${body(removed)};
    ELSE
      ${body(`${added} UNION ALL ${removed}`)};
    END IF;
    RETURN NULL;
  END $$`;

/** Insert, update and delete triggers named `<prefix>_insert` etc. on `table`, calling `fn`. */
const triggers = (table: string, prefix: string, fn: string, newRows: string, oldRows: string) => [
  `CREATE TRIGGER ${prefix}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS ${newRows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${prefix}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS ${oldRows} NEW TABLE AS ${newRows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${prefix}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS ${oldRows} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
];
const dropTriggers = (table: string, prefix: string, fn: string) => [
  `DROP TRIGGER ${prefix}_delete ON ${table}`,
  `DROP TRIGGER ${prefix}_update ON ${table}`,
  `DROP TRIGGER ${prefix}_insert ON ${table}`,
  `DROP FUNCTION ${fn}()`,
];

// ledger_entries: lead charges and refunds per client and hour.
const spend = (rows: string) => `
    INSERT INTO lead_spend_hours AS s (client_id, hour, amount)
    SELECT client_id, date_trunc('hour', created_at, 'UTC'), sum(amount)
    FROM (${rows}) e
    WHERE kind IN ('lead_charge', 'refund')
    GROUP BY 1, 2
    HAVING sum(amount) <> 0
    ON CONFLICT (client_id, hour) DO UPDATE SET amount = s.amount + excluded.amount`;
const newEntries = `SELECT client_id, kind, created_at, amount FROM new_entries`;
const oldEntries = `SELECT client_id, kind, created_at, -amount AS amount FROM old_entries`;

const run = async (queryRunner: QueryRunner, statements: string[]) => {
  for (const sql of statements) await queryRunner.query(sql);
};

export class HourlyRollups1796900000000 implements MigrationInterface {
  name = 'HourlyRollups1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_hours" ("client_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "deliveries" integer NOT NULL DEFAULT '0', "kept" integer NOT NULL DEFAULT '0', "kept_amount" bigint NOT NULL DEFAULT '0', CONSTRAINT "delivery_hours_pkey" PRIMARY KEY ("client_id", "hour"))`,
    );
    await queryRunner.query(`CREATE INDEX "delivery_hours_hour_idx" ON "delivery_hours" ("hour") `);
    await queryRunner.query(
      `CREATE TABLE "lead_spend_hours" ("client_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" bigint NOT NULL DEFAULT '0', CONSTRAINT "lead_spend_hours_pkey" PRIMARY KEY ("client_id", "hour"))`,
    );
    await queryRunner.query(`CREATE INDEX "lead_spend_hours_hour_idx" ON "lead_spend_hours" ("hour") `);

    await queryRunner.query(applyFunction('deliveries_rollup_apply', both, added, removed));
    await run(queryRunner, dropTriggers('deliveries', 'delivery_counts', 'delivery_counts_apply'));
    await run(queryRunner, triggers('deliveries', 'deliveries_rollup', 'deliveries_rollup_apply', 'new_deliveries', 'old_deliveries'));
    await queryRunner.query(applyFunction('ledger_rollup_apply', spend, newEntries, oldEntries));
    await run(queryRunner, triggers('ledger_entries', 'ledger_rollup', 'ledger_rollup_apply', 'new_entries', 'old_entries'));

    // Backfill.
    await queryRunner.query(`
      INSERT INTO delivery_hours (client_id, hour, deliveries, kept, kept_amount)
      SELECT client_id, date_trunc('hour', delivered_at, 'UTC'), count(*)::int, (count(*) FILTER (WHERE status <> 'refunded'))::int,
             coalesce(sum(price) FILTER (WHERE status <> 'refunded'), 0)
        FROM deliveries GROUP BY 1, 2`);
    await queryRunner.query(`
      INSERT INTO lead_spend_hours (client_id, hour, amount)
      SELECT client_id, date_trunc('hour', created_at, 'UTC'), sum(amount)
        FROM ledger_entries WHERE kind IN ('lead_charge', 'refund') GROUP BY 1, 2 HAVING sum(amount) <> 0`);

    await queryRunner.query(
      `CREATE INDEX "deliveries_client_unusual_status_idx" ON "deliveries" ("client_id", "status", "delivered_at", "id") WHERE status <> 'delivered'`,
    );
    await queryRunner.query(`CREATE INDEX "leads_unsold_received_idx" ON "leads" ("received_at", "id") WHERE status = 'unsold'`);
    await queryRunner.query(
      `CREATE INDEX "leads_supplier_received_idx" ON "leads" ("supplier_id", "received_at") WHERE supplier_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "lead_reports_created_idx" ON "lead_reports" ("created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "lead_reports_created_idx"');
    await queryRunner.query('DROP INDEX "leads_supplier_received_idx"');
    await queryRunner.query('DROP INDEX "leads_unsold_received_idx"');
    await queryRunner.query('DROP INDEX "deliveries_client_unusual_status_idx"');
    await run(queryRunner, dropTriggers('ledger_entries', 'ledger_rollup', 'ledger_rollup_apply'));
    await run(queryRunner, dropTriggers('deliveries', 'deliveries_rollup', 'deliveries_rollup_apply'));
    await queryRunner.query(applyFunction('delivery_counts_apply', counts, added, removed));
    await run(queryRunner, triggers('deliveries', 'delivery_counts', 'delivery_counts_apply', 'new_deliveries', 'old_deliveries'));
    await queryRunner.query('DROP TABLE "lead_spend_hours"');
    await queryRunner.query('DROP TABLE "delivery_hours"');
  }
}
