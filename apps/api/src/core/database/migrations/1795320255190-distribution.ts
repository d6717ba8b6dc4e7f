import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Distribution1795320255190 implements MigrationInterface {
  name = 'Distribution1795320255190';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"campaign_subscriptions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"campaign_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"weight\" smallint NOT NULL DEFAULT '1', \"priority\" integer NOT NULL DEFAULT '100', \"daily_cap\" integer, \"weekly_cap\" integer, \"active\" boolean NOT NULL DEFAULT true, CONSTRAINT \"campaign_subscriptions_caps_check\" CHECK ((daily_cap IS NULL OR daily_cap > 0) AND (weekly_cap IS NULL OR weekly_cap > 0)), CONSTRAINT \"campaign_subscriptions_weight_check\" CHECK (weight BETWEEN 1 AND 10), CONSTRAINT \"PK_2e9090f6fa02dbd5c9a0a75bd6e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"campaign_subscriptions_client_id_idx\" ON \"campaign_subscriptions\"  (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"campaign_subscriptions_campaign_client_key\" ON \"campaign_subscriptions\"  (\"campaign_id\", \"client_id\") ");
    await queryRunner.query("CREATE TABLE \"campaigns\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(100) NOT NULL, \"industry_id\" uuid NOT NULL, \"strategy\" character varying(16) NOT NULL, \"price_override\" integer, \"active\" boolean NOT NULL DEFAULT true, \"rr_cursor\" bigint NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"campaigns_price_override_check\" CHECK (price_override IS NULL OR price_override >= 0), CONSTRAINT \"campaigns_strategy_check\" CHECK (strategy IN ('round_robin', 'weighted', 'waterfall', 'broadcast')), CONSTRAINT \"PK_831e3fcd4fc45b4e4c3f57a9ee4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"campaigns_industry_id_idx\" ON \"campaigns\"  (\"industry_id\") ");
    await queryRunner.query("CREATE TABLE \"suppliers\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(100) NOT NULL, \"key_hash\" character(64) NOT NULL, \"key_prefix\" character varying(16) NOT NULL, \"campaign_ids\" uuid array NOT NULL DEFAULT '{}', \"active\" boolean NOT NULL DEFAULT true, \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_b70ac51766a9e3144f778cfe81e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"suppliers_key_hash_key\" ON \"suppliers\"  (\"key_hash\") ");
    await queryRunner.query("ALTER TABLE \"leads\" ADD \"campaign_id\" uuid");
    await queryRunner.query("ALTER TABLE \"leads\" ADD \"supplier_id\" uuid");
    await queryRunner.query("CREATE UNIQUE INDEX \"leads_supplier_external_key\" ON \"leads\"  (\"supplier_id\", \"external_id\") WHERE external_id IS NOT NULL AND source = 'supplier'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"leads_supplier_external_key\"");
    await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"supplier_id\"");
    await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"campaign_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"suppliers_key_hash_key\"");
    await queryRunner.query("DROP TABLE \"suppliers\"");
    await queryRunner.query("DROP INDEX \"public\".\"campaigns_industry_id_idx\"");
    await queryRunner.query("DROP TABLE \"campaigns\"");
    await queryRunner.query("DROP INDEX \"public\".\"campaign_subscriptions_campaign_client_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"campaign_subscriptions_client_id_idx\"");
    await queryRunner.query("DROP TABLE \"campaign_subscriptions\"");
  }
}
