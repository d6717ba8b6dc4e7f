import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PingPost1797400000000 implements MigrationInterface {
  name = 'PingPost1797400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"lead_pings\" (\"id\" uuid NOT NULL, \"supplier_id\" uuid NOT NULL, \"campaign_id\" uuid NOT NULL, \"industry_id\" uuid NOT NULL, \"accepted\" boolean NOT NULL, \"code\" character varying(32), \"client_id\" uuid, \"price\" integer, \"held_amount\" integer NOT NULL DEFAULT '0', \"currency\" character varying(3), \"postcode\" character varying(8) NOT NULL, \"fields\" jsonb NOT NULL, \"status\" character varying(16) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"lead_id\" uuid, \"answer\" jsonb, \"posted_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"lead_pings_accepted_check\" CHECK ((accepted AND client_id IS NOT NULL AND price IS NOT NULL) OR (NOT accepted AND client_id IS NULL)), CONSTRAINT \"lead_pings_status_check\" CHECK (status IN ('open', 'posting', 'posted', 'expired', 'refused')), CONSTRAINT \"PK_cc6fcc39b2d5adbfa46d7eb136c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"lead_pings_supplier_created_idx\" ON \"lead_pings\"  (\"supplier_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"lead_pings_holding_client_idx\" ON \"lead_pings\"  (\"client_id\", \"expires_at\") WHERE status IN ('open', 'posting')");
    await queryRunner.query("ALTER TABLE \"campaign_subscriptions\" ADD \"bid\" integer");
    await queryRunner.query("ALTER TABLE \"campaign_subscriptions\" ADD CONSTRAINT \"campaign_subscriptions_bid_check\" CHECK (bid IS NULL OR bid >= 0)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"campaign_subscriptions\" DROP CONSTRAINT \"campaign_subscriptions_bid_check\"");
    await queryRunner.query("ALTER TABLE \"campaign_subscriptions\" DROP COLUMN \"bid\"");
    await queryRunner.query("DROP INDEX \"public\".\"lead_pings_holding_client_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"lead_pings_supplier_created_idx\"");
    await queryRunner.query("DROP TABLE \"lead_pings\"");
  }
}
