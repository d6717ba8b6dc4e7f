import type { MigrationInterface, QueryRunner } from 'typeorm';

export class XeroConnectedAt1795318070193 implements MigrationInterface {
  name = 'XeroConnectedAt1795318070193';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"xero_connection\" ADD \"connected_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"xero_connection\" DROP COLUMN \"connected_at\"");
  }
}
