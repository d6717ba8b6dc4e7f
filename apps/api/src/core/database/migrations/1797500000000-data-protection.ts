import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DataProtection1797500000000 implements MigrationInterface {
  name = 'DataProtection1797500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"privacy_requests\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"kind\" character varying(16) NOT NULL, \"email_hash\" character(64), \"phone_hash\" character(64), \"requested_by\" uuid, \"lead_count\" integer NOT NULL DEFAULT '0', \"buyer_count\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"privacy_requests_person_check\" CHECK (email_hash IS NOT NULL OR phone_hash IS NOT NULL), CONSTRAINT \"privacy_requests_kind_check\" CHECK (kind IN ('erasure', 'access')), CONSTRAINT \"PK_fbdea00fb2fcf274bf0d2ddf2c2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"privacy_requests_created_idx\" ON \"privacy_requests\"  (\"created_at\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"privacy_requests_phone_hash_idx\" ON \"privacy_requests\"  (\"phone_hash\", \"created_at\") WHERE phone_hash IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"privacy_requests_email_hash_idx\" ON \"privacy_requests\"  (\"email_hash\", \"created_at\") WHERE email_hash IS NOT NULL");
    await queryRunner.query("ALTER TABLE \"industries\" ADD \"retention_days\" integer");
    await queryRunner.query("ALTER TABLE \"leads\" ADD \"erased_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"leads\" ADD \"erasure_reason\" character varying(16)");
    await queryRunner.query("CREATE INDEX \"outbox_events_aggregate_id_idx\" ON \"outbox_events\"  (\"aggregate_id\") ");
    await queryRunner.query("CREATE INDEX \"leads_retention_idx\" ON \"leads\"  (\"industry_id\", \"received_at\") WHERE erased_at IS NULL");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_event_id_idx\" ON \"webhook_deliveries\"  (\"event_id\") ");
    await queryRunner.query("ALTER TABLE \"industries\" ADD CONSTRAINT \"industries_retention_days_check\" CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650)");
    await queryRunner.query("ALTER TABLE \"leads\" ADD CONSTRAINT \"leads_erasure_reason_check\" CHECK (erasure_reason IN ('retention', 'request'))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"leads\" DROP CONSTRAINT \"leads_erasure_reason_check\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP CONSTRAINT \"industries_retention_days_check\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_event_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"leads_retention_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"outbox_events_aggregate_id_idx\"");
    await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"erasure_reason\"");
    await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"erased_at\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP COLUMN \"retention_days\"");
    await queryRunner.query("DROP INDEX \"public\".\"privacy_requests_email_hash_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"privacy_requests_phone_hash_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"privacy_requests_created_idx\"");
    await queryRunner.query("DROP TABLE \"privacy_requests\"");
  }
}
