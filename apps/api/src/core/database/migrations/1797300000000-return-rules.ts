import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReturnRules1797300000000 implements MigrationInterface {
  name = 'ReturnRules1797300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"client_return_rules\" (\"client_id\" uuid NOT NULL, \"rate_limit_percent\" integer, \"auto_approve\" boolean NOT NULL DEFAULT false, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"client_return_rules_rate_limit_check\" CHECK (rate_limit_percent IS NULL OR rate_limit_percent BETWEEN 0 AND 100), CONSTRAINT \"PK_36f07c8f3626b15bbe39442a821\" PRIMARY KEY (\"client_id\"))");
    await queryRunner.query("ALTER TABLE \"campaigns\" ADD \"resale_auto\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"campaigns\" ADD \"resale_discount_percent\" integer");
    await queryRunner.query("ALTER TABLE \"industries\" ADD \"return_window_days\" integer");
    await queryRunner.query("ALTER TABLE \"industries\" ADD \"return_reasons\" jsonb");
    await queryRunner.query("ALTER TABLE \"industries\" ADD \"resale_auto\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"industries\" ADD \"resale_discount_percent\" integer");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"return_rate_bps\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"over_limit\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"automatic\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"reversed_by\" uuid");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"reversed_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"resold_to\" uuid");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"resale_price\" integer");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD \"resold_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"campaigns\" ADD CONSTRAINT \"campaigns_resale_discount_percent_check\" CHECK (resale_discount_percent IS NULL OR resale_discount_percent BETWEEN 0 AND 100)");
    await queryRunner.query("ALTER TABLE \"industries\" ADD CONSTRAINT \"industries_resale_discount_percent_check\" CHECK (resale_discount_percent IS NULL OR resale_discount_percent BETWEEN 0 AND 100)");
    await queryRunner.query("ALTER TABLE \"industries\" ADD CONSTRAINT \"industries_return_window_days_check\" CHECK (return_window_days IS NULL OR return_window_days BETWEEN 1 AND 90)");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD CONSTRAINT \"lead_reports_return_rate_check\" CHECK (return_rate_bps >= 0)");
    // The schema diff does not see a changed CHECK under the same name: a reversed automatic approval is a new status.
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP CONSTRAINT \"lead_reports_status_check\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD CONSTRAINT \"lead_reports_status_check\" CHECK (status IN ('pending', 'approved', 'rejected', 'reversed'))");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP CONSTRAINT \"lead_reports_status_check\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" ADD CONSTRAINT \"lead_reports_status_check\" CHECK (status IN ('pending', 'approved', 'rejected'))");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP CONSTRAINT \"lead_reports_return_rate_check\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP CONSTRAINT \"industries_return_window_days_check\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP CONSTRAINT \"industries_resale_discount_percent_check\"");
    await queryRunner.query("ALTER TABLE \"campaigns\" DROP CONSTRAINT \"campaigns_resale_discount_percent_check\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"resold_at\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"resale_price\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"resold_to\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"reversed_at\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"reversed_by\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"automatic\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"over_limit\"");
    await queryRunner.query("ALTER TABLE \"lead_reports\" DROP COLUMN \"return_rate_bps\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP COLUMN \"resale_discount_percent\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP COLUMN \"resale_auto\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP COLUMN \"return_reasons\"");
    await queryRunner.query("ALTER TABLE \"industries\" DROP COLUMN \"return_window_days\"");
    await queryRunner.query("ALTER TABLE \"campaigns\" DROP COLUMN \"resale_discount_percent\"");
    await queryRunner.query("ALTER TABLE \"campaigns\" DROP COLUMN \"resale_auto\"");
    await queryRunner.query("DROP TABLE \"client_return_rules\"");
  }
}
