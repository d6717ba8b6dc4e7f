import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SubscriptionInvoices1797700000000 implements MigrationInterface {
  name = 'SubscriptionInvoices1797700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"subscription_invoices\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"number\" character varying(20) NOT NULL, \"kind\" character varying(12) NOT NULL, \"status\" character varying(8) NOT NULL, \"period_start\" TIMESTAMP WITH TIME ZONE NOT NULL, \"period_end\" TIMESTAMP WITH TIME ZONE NOT NULL, \"issued_on\" date NOT NULL, \"due_on\" date NOT NULL, \"lines\" jsonb NOT NULL, \"net_amount\" integer NOT NULL, \"vat_amount\" integer NOT NULL, \"gross_amount\" integer NOT NULL, \"currency\" character varying(3) NOT NULL, \"payment_id\" uuid, \"xero_invoice_id\" character varying(64), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"subscription_invoices_totals_check\" CHECK (net_amount >= 0 AND vat_amount >= 0 AND gross_amount = net_amount + vat_amount), CONSTRAINT \"subscription_invoices_kind_check\" CHECK (kind IN ('plan', 'seats', 'proration', 'advance')), CONSTRAINT \"subscription_invoices_status_check\" CHECK (status IN ('draft', 'open', 'paid', 'void')), CONSTRAINT \"PK_7050ae7d81f0f0207b8f1cd2efc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_invoices_period_key\" ON \"subscription_invoices\"  (\"client_id\", \"kind\", \"period_start\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_invoices_number_key\" ON \"subscription_invoices\"  (\"number\") ");
    await queryRunner.query("CREATE TABLE \"subscription_credit_notes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"invoice_id\" uuid NOT NULL, \"number\" character varying(20) NOT NULL, \"issued_on\" date NOT NULL, \"reason\" text NOT NULL, \"lines\" jsonb NOT NULL, \"net_amount\" integer NOT NULL, \"vat_amount\" integer NOT NULL, \"gross_amount\" integer NOT NULL, \"currency\" character varying(3) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_3a5ad26b181df4353e2ec6fd6b4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"subscription_credit_notes_client_idx\" ON \"subscription_credit_notes\"  (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_credit_notes_invoice_key\" ON \"subscription_credit_notes\"  (\"invoice_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subscription_credit_notes_number_key\" ON \"subscription_credit_notes\"  (\"number\") ");
    await queryRunner.query("CREATE TABLE \"document_counters\" (\"series\" character varying(20) NOT NULL, \"last_number\" integer NOT NULL DEFAULT '0', CONSTRAINT \"PK_d3f8c3fbc9544d28673dcd1d642\" PRIMARY KEY (\"series\"))");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" ADD CONSTRAINT \"subscription_invoices_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" ADD CONSTRAINT \"subscription_credit_notes_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" ADD CONSTRAINT \"subscription_credit_notes_invoice_id_fkey\" FOREIGN KEY (\"invoice_id\") REFERENCES \"subscription_invoices\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // One counter row per number series; issuing an invoice locks its row to take the next number.
    await queryRunner.query("INSERT INTO document_counters (series, last_number) VALUES ('invoice', 0), ('credit_note', 0)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" DROP CONSTRAINT \"subscription_credit_notes_invoice_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"subscription_credit_notes\" DROP CONSTRAINT \"subscription_credit_notes_client_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"subscription_invoices\" DROP CONSTRAINT \"subscription_invoices_client_id_fkey\"");
    await queryRunner.query("DROP TABLE \"document_counters\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_credit_notes_number_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_credit_notes_invoice_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_credit_notes_client_idx\"");
    await queryRunner.query("DROP TABLE \"subscription_credit_notes\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_invoices_number_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"subscription_invoices_period_key\"");
    await queryRunner.query("DROP TABLE \"subscription_invoices\"");
  }
}
