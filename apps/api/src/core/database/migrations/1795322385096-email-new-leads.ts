import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailNewLeads1795322385096 implements MigrationInterface {
  name = 'EmailNewLeads1795322385096';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"lead_preferences\" ADD \"email_new_leads\" boolean NOT NULL DEFAULT false");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"lead_preferences\" DROP COLUMN \"email_new_leads\"");
  }
}
