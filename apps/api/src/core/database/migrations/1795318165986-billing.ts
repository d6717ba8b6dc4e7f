import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Billing1795318165986 implements MigrationInterface {
  name = 'Billing1795318165986';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"credit_accounts\" (\"client_id\" uuid NOT NULL, \"balance\" bigint NOT NULL DEFAULT '0', \"currency\" character(3) NOT NULL DEFAULT 'GBP', \"credit_limit\" bigint NOT NULL DEFAULT '0', \"auto_charge_enabled\" boolean NOT NULL DEFAULT false, \"auto_charge_threshold\" integer NOT NULL DEFAULT '0', \"auto_charge_amount\" integer NOT NULL DEFAULT '0', \"auto_charge_failures\" integer NOT NULL DEFAULT '0', \"auto_charge_retry_after\" TIMESTAMP WITH TIME ZONE, \"auto_charge_disabled_reason\" text, \"weekly_terms\" boolean NOT NULL DEFAULT false, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"credit_accounts_auto_charge_check\" CHECK (auto_charge_threshold >= 0 AND auto_charge_amount >= 0), CONSTRAINT \"credit_accounts_credit_limit_check\" CHECK (credit_limit >= 0), CONSTRAINT \"credit_accounts_balance_check\" CHECK (balance >= -credit_limit), CONSTRAINT \"PK_a0b64afb757a81845ed1b4a4fbd\" PRIMARY KEY (\"client_id\"))");
    await queryRunner.query("CREATE TABLE \"ledger_entries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"kind\" character varying(20) NOT NULL, \"amount\" bigint NOT NULL, \"balance_after\" bigint NOT NULL, \"currency\" character(3) NOT NULL, \"cause\" character varying(200) NOT NULL, \"description\" text, \"actor_user_id\" uuid, \"meta\" jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ledger_entries_amount_check\" CHECK (amount <> 0), CONSTRAINT \"ledger_entries_kind_check\" CHECK (kind IN ('top_up', 'auto_charge', 'weekly_payment', 'lead_charge', 'refund', 'adjustment')), CONSTRAINT \"PK_6efcb84411d3f08b08450ae75d5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"ledger_entries_cause_key\" ON \"ledger_entries\"  (\"cause\") ");
    await queryRunner.query("CREATE INDEX \"ledger_entries_client_created_idx\" ON \"ledger_entries\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"payments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"kind\" character varying(20) NOT NULL, \"status\" character varying(20) NOT NULL DEFAULT 'pending', \"net_amount\" integer NOT NULL, \"vat_amount\" integer NOT NULL, \"gross_amount\" integer NOT NULL, \"vat_rate_bps\" integer NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'GBP', \"idempotency_key\" character varying(255) NOT NULL, \"stripe_payment_intent_id\" character varying(255), \"stripe_invoice_id\" character varying(255), \"hosted_invoice_url\" text, \"next_action_url\" text, \"failure_reason\" text, \"xero_invoice_id\" uuid, \"period_start\" date, \"period_end\" date, \"settled_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"payments_amounts_check\" CHECK (net_amount > 0 AND vat_amount >= 0 AND gross_amount = net_amount + vat_amount), CONSTRAINT \"payments_status_check\" CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')), CONSTRAINT \"payments_kind_check\" CHECK (kind IN ('manual_top_up', 'auto_charge', 'weekly_request')), CONSTRAINT \"PK_197ab7af18c93fbb0c9b28b4a59\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"payments_stripe_payment_intent_key\" ON \"payments\"  (\"stripe_payment_intent_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payments_stripe_invoice_key\" ON \"payments\"  (\"stripe_invoice_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payments_weekly_period_key\" ON \"payments\"  (\"client_id\", \"period_start\") WHERE kind = 'weekly_request'");
    await queryRunner.query("CREATE UNIQUE INDEX \"payments_client_idempotency_key\" ON \"payments\"  (\"client_id\", \"idempotency_key\") ");
    await queryRunner.query("CREATE INDEX \"payments_client_created_idx\" ON \"payments\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("ALTER TABLE \"credit_accounts\" ADD CONSTRAINT \"credit_accounts_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"credit_accounts\" DROP CONSTRAINT \"credit_accounts_client_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_client_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_client_idempotency_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_weekly_period_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_stripe_invoice_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_stripe_payment_intent_key\"");
    await queryRunner.query("DROP TABLE \"payments\"");
    await queryRunner.query("DROP INDEX \"public\".\"ledger_entries_client_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"ledger_entries_cause_key\"");
    await queryRunner.query("DROP TABLE \"ledger_entries\"");
    await queryRunner.query("DROP TABLE \"credit_accounts\"");
  }
}
