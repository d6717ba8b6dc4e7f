import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookDispatchIndex1795328592358 implements MigrationInterface {
  name = 'WebhookDispatchIndex1795328592358';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_undispatched_idx\" ON \"webhook_deliveries\"  (\"next_attempt_at\") WHERE status = 'pending' AND dispatched_at IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_undispatched_idx\"");
  }
}
