import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lead search (`ILIKE '%…%'` over a lead's fields and contact, for clients and admins) as a
 * trigram index lookup instead of a scan of every lead. pg_trgm ships with PostgreSQL and is a
 * trusted extension (the database's owner may create it).
 */
export class LeadSearchTrigram1796800000000 implements MigrationInterface {
  name = 'LeadSearchTrigram1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE INDEX "leads_search_trgm_idx" ON "leads" USING gin (((fields::text || contact::text)) gin_trgm_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "leads_search_trgm_idx"`);
  }
}
