import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `supplier_hours`: per supplier and UTC hour its leads were received in, how many leads and what their
 * deliveries were priced at — the admin overview's supplier volumes, read as 720 rows a supplier instead
 * of every supplier lead of the month and a lookup of each one's deliveries.
 * - leads: row triggers that fire only for a supplier's lead (a LeadByte lead fires none);
 * - deliveries: one more statement in `deliveries_rollup_apply` (which keeps `delivery_counts` and
 *   `delivery_hours`), for the deliveries of supplier leads. A refund does not change it: the volume
 *   counts what was sold, as the overview always did.
 */
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

export class SupplierHours1797000000000 implements MigrationInterface {
  name = 'SupplierHours1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supplier_hours" ("supplier_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "leads" integer NOT NULL DEFAULT '0', "sold_amount" bigint NOT NULL DEFAULT '0', CONSTRAINT "supplier_hours_pkey" PRIMARY KEY ("supplier_id", "hour"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION supplier_hours_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        sold bigint := 0;
      BEGIN
        -- A lead that moves (another supplier or time) takes what its deliveries sold with it.
        IF TG_OP = 'UPDATE' THEN
          SELECT coalesce(sum(price), 0) INTO sold FROM deliveries WHERE lead_id = NEW.id;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.supplier_id IS NOT NULL THEN
          INSERT INTO supplier_hours AS h (supplier_id, hour, leads, sold_amount) VALUES (OLD.supplier_id, date_trunc('hour', OLD.received_at, 'UTC'), -1, -sold)
          ON CONFLICT (supplier_id, hour) DO UPDATE SET leads = h.leads - 1, sold_amount = h.sold_amount - sold;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.supplier_id IS NOT NULL THEN
          INSERT INTO supplier_hours AS h (supplier_id, hour, leads, sold_amount) VALUES (NEW.supplier_id, date_trunc('hour', NEW.received_at, 'UTC'), 1, sold)
          ON CONFLICT (supplier_id, hour) DO UPDATE SET leads = h.leads + 1, sold_amount = h.sold_amount + sold;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER supplier_hours_insert AFTER INSERT ON leads FOR EACH ROW WHEN (NEW.supplier_id IS NOT NULL) EXECUTE FUNCTION supplier_hours_count()',
    );
    await queryRunner.query(
      'CREATE TRIGGER supplier_hours_update AFTER UPDATE OF supplier_id, received_at ON leads FOR EACH ROW WHEN (OLD.supplier_id IS DISTINCT FROM NEW.supplier_id OR OLD.received_at IS DISTINCT FROM NEW.received_at) EXECUTE FUNCTION supplier_hours_count()',
    );
    await queryRunner.query(
      'CREATE TRIGGER supplier_hours_delete AFTER DELETE ON leads FOR EACH ROW WHEN (OLD.supplier_id IS NOT NULL) EXECUTE FUNCTION supplier_hours_count()',
    );
    await queryRunner.query(deliveriesFunction([counts, hours, sold]));
    // Backfill.
    await queryRunner.query(`
      INSERT INTO supplier_hours (supplier_id, hour, leads, sold_amount)
      SELECT l.supplier_id, date_trunc('hour', l.received_at, 'UTC'), count(*)::int, coalesce(sum((SELECT sum(d.price) FROM deliveries d WHERE d.lead_id = l.id)), 0)
        FROM leads l WHERE l.supplier_id IS NOT NULL GROUP BY 1, 2`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(deliveriesFunction([counts, hours]));
    await queryRunner.query('DROP TRIGGER supplier_hours_delete ON leads');
    await queryRunner.query('DROP TRIGGER supplier_hours_update ON leads');
    await queryRunner.query('DROP TRIGGER supplier_hours_insert ON leads');
    await queryRunner.query('DROP FUNCTION supplier_hours_count()');
    await queryRunner.query('DROP TABLE "supplier_hours"');
  }
}
