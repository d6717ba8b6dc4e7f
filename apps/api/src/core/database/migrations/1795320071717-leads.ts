import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Leads1795320071717 implements MigrationInterface {
  name = 'Leads1795320071717';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"deliveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"lead_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"price\" integer NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'GBP', \"status\" character varying(20) NOT NULL DEFAULT 'delivered', \"fingerprint\" character(64), \"delivered_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"deliveries_price_check\" CHECK (price >= 0), CONSTRAINT \"deliveries_status_check\" CHECK (status IN ('delivered', 'reported', 'refunded', 'rejected_report', 'reprocessed')), CONSTRAINT \"PK_a6ef225c5c5f0974e503bfb731f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"deliveries_client_delivered_idx\" ON \"deliveries\"  (\"client_id\", \"delivered_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"deliveries_lead_client_key\" ON \"deliveries\"  (\"lead_id\", \"client_id\") ");
    await queryRunner.query("CREATE TABLE \"leads\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"industry_id\" uuid NOT NULL, \"source\" character varying(16) NOT NULL, \"external_id\" character varying(100), \"target_client_id\" uuid, \"postcode\" character varying(8), \"fields\" jsonb NOT NULL, \"fingerprint\" character(64), \"status\" character varying(16) NOT NULL, \"reason\" character varying(32), \"eligibility\" jsonb NOT NULL DEFAULT '[]', \"response\" jsonb, \"received_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"leads_status_check\" CHECK (status IN ('delivered', 'rejected', 'unsold')), CONSTRAINT \"leads_source_check\" CHECK (source IN ('leadbyte', 'supplier')), CONSTRAINT \"PK_cd102ed7a9a4ca7d4d8bfeba406\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"leads_fingerprint_idx\" ON \"leads\"  (\"fingerprint\") ");
    await queryRunner.query("CREATE INDEX \"leads_industry_received_idx\" ON \"leads\"  (\"industry_id\", \"received_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"leads_source_target_external_key\" ON \"leads\"  (\"source\", \"target_client_id\", \"external_id\") WHERE external_id IS NOT NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"leads_source_target_external_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"leads_industry_received_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"leads_fingerprint_idx\"");
    await queryRunner.query("DROP TABLE \"leads\"");
    await queryRunner.query("DROP INDEX \"public\".\"deliveries_lead_client_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"deliveries_client_delivered_idx\"");
    await queryRunner.query("DROP TABLE \"deliveries\"");
  }
}
