import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Clients may now be emailed when a report of theirs is decided (on by default, like the other emails). */
export class ReportEmails1796500000000 implements MigrationInterface {
  name = 'ReportEmails1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_preferences" ADD "reports" boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_preferences" DROP COLUMN "reports"`);
  }
}
