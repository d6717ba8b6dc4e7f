import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the read paths over big accounts: a client's leads list pages and counts from
 * (client_id, delivered_at, id, status) without touching the table (it replaces (client_id,
 * delivered_at), which it covers); the admin leads list and today's figures from (received_at, id);
 * the dashboard's "webhook failing" check from the failed deliveries only.
 */
export class ReadPathIndexes1795331742190 implements MigrationInterface {
  name = 'ReadPathIndexes1795331742190';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "deliveries_client_delivered_id_idx" ON "deliveries"  ("client_id", "delivered_at", "id", "status") ');
    await queryRunner.query('DROP INDEX "public"."deliveries_client_delivered_idx"');
    await queryRunner.query('CREATE INDEX "leads_received_id_idx" ON "leads"  ("received_at", "id") ');
    await queryRunner.query('CREATE INDEX "webhook_deliveries_failed_idx" ON "webhook_deliveries"  ("endpoint_id", "completed_at") WHERE status = \'failed\'');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_failed_idx"');
    await queryRunner.query('DROP INDEX "public"."leads_received_id_idx"');
    await queryRunner.query('CREATE INDEX "deliveries_client_delivered_idx" ON "deliveries"  ("client_id", "delivered_at") ');
    await queryRunner.query('DROP INDEX "public"."deliveries_client_delivered_id_idx"');
  }
}
