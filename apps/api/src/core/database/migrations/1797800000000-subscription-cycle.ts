import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SubscriptionCycle1797800000000 implements MigrationInterface {
  name = 'SubscriptionCycle1797800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"payments\" ADD \"subscription_invoice_id\" uuid");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"paid_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"changes\" jsonb");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"attempts\" integer NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"next_attempt_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"last_failure\" text");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD \"xero_payment_id\" character varying(64)");
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" ADD \"xero_credit_note_id\" character varying(64)");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"pending_plan_id\" uuid");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"scheduled_plan_id\" uuid");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"scheduled_for\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"scheduled_add_on_seats\" integer");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"past_due_since\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"suspended_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD \"canceled_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ALTER COLUMN \"number\" DROP NOT NULL");
    await queryRunner.query("CREATE INDEX \"payments_subscription_invoice_idx\" ON \"payments\"  (\"subscription_invoice_id\") ");
    await queryRunner.query("CREATE INDEX \"subscription_invoices_due_idx\" ON \"subscription_invoices\"  (\"next_attempt_at\") WHERE status = 'open'");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD CONSTRAINT \"client_subscriptions_pending_plan_id_fkey\" FOREIGN KEY (\"pending_plan_id\") REFERENCES \"plans\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" ADD CONSTRAINT \"client_subscriptions_scheduled_plan_id_fkey\" FOREIGN KEY (\"scheduled_plan_id\") REFERENCES \"plans\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"payments\" DROP CONSTRAINT \"payments_kind_check\"");
    await queryRunner.query("ALTER TABLE \"payments\" ADD CONSTRAINT \"payments_kind_check\" CHECK (kind IN ('manual_top_up', 'auto_charge', 'weekly_request', 'subscription'))");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_invoices_period_key\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_invoices_period_key\" ON \"subscription_invoices\" (\"client_id\", \"kind\", \"period_start\") WHERE status IN ('open', 'paid')");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD CONSTRAINT \"subscription_invoices_number_check\" CHECK (number IS NOT NULL OR status = 'draft')");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM \"subscription_invoices\" WHERE status = 'draft'");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP CONSTRAINT \"subscription_invoices_number_check\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_invoices_period_key\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_invoices_period_key\" ON \"subscription_invoices\" (\"client_id\", \"kind\", \"period_start\")");
    await queryRunner.query("ALTER TABLE \"payments\" DROP CONSTRAINT \"payments_kind_check\"");
    await queryRunner.query("ALTER TABLE \"payments\" ADD CONSTRAINT \"payments_kind_check\" CHECK (kind IN ('manual_top_up', 'auto_charge', 'weekly_request'))");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP CONSTRAINT \"client_subscriptions_scheduled_plan_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP CONSTRAINT \"client_subscriptions_pending_plan_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_invoices_due_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"payments_subscription_invoice_idx\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ALTER COLUMN \"number\" SET NOT NULL");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"canceled_at\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"suspended_at\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"past_due_since\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"scheduled_add_on_seats\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"scheduled_for\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"scheduled_plan_id\"");
    await queryRunner.query("ALTER TABLE \"client_subscriptions\" DROP COLUMN \"pending_plan_id\"");
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" DROP COLUMN \"xero_credit_note_id\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"xero_payment_id\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"last_failure\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"next_attempt_at\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"attempts\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"changes\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP COLUMN \"paid_at\"");
    await queryRunner.query("ALTER TABLE \"payments\" DROP COLUMN \"subscription_invoice_id\"");
  }
}
