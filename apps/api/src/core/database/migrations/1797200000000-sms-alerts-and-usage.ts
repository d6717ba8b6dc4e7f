import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text alerts and usage rebilling: people's alert numbers (verified by a code, STOP/START, quiet
 * hours, a rate-limit window), every text and its fate, what each one cost the client (charged to
 * the ledger once, as the new `usage_charge` kind), and a record of every email sent.
 */
export class SmsAlertsAndUsage1797200000000 implements MigrationInterface {
  name = 'SmsAlertsAndUsage1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_kind_check"');
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_kind_check" CHECK (kind IN ('top_up', 'auto_charge', 'weekly_payment', 'lead_charge', 'usage_charge', 'refund', 'adjustment'))`,
    );
    // The notification log reads a client's webhook deliveries newest first.
    await queryRunner.query(
      'CREATE INDEX "webhook_deliveries_owner_created_idx" ON "webhook_deliveries" ("owner_client_id", "created_at") WHERE owner_client_id IS NOT NULL',
    );
    await queryRunner.query("CREATE TABLE \"usage_records\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"channel\" character varying(8) NOT NULL, \"message_id\" uuid NOT NULL, \"units\" integer NOT NULL, \"unit_price\" integer NOT NULL, \"unit_cost\" integer NOT NULL, \"status\" character varying(10) NOT NULL, \"reason\" character varying(20), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"usage_records_amounts_check\" CHECK (units > 0 AND unit_price >= 0 AND unit_cost >= 0), CONSTRAINT \"usage_records_channel_check\" CHECK (channel IN ('sms')), CONSTRAINT \"usage_records_status_check\" CHECK (status IN ('charged', 'refunded', 'unbilled')), CONSTRAINT \"PK_e511cf9f7dc53851569f87467a5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"usage_records_client_created_idx\" ON \"usage_records\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"usage_records_message_key\" ON \"usage_records\"  (\"channel\", \"message_id\") ");
    await queryRunner.query("CREATE TABLE \"sent_emails\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid, \"kind\" character varying(40) NOT NULL, \"to_email\" character varying(320) NOT NULL, \"subject\" character varying(300) NOT NULL, \"status\" character varying(8) NOT NULL, \"error\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7ee1d2a6cf19f1f169b980fb3d2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"sent_emails_client_created_idx\" ON \"sent_emails\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"sms_messages\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"number_id\" uuid, \"to_phone\" character varying(16) NOT NULL, \"kind\" character varying(20) NOT NULL, \"cause\" character varying(200) NOT NULL, \"body\" text NOT NULL, \"status\" character varying(16) NOT NULL, \"segments\" smallint, \"twilio_sid\" character varying(40), \"error_code\" integer, \"error_message\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"status_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"sms_messages_status_check\" CHECK (status IN ('pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'skipped')), CONSTRAINT \"sms_messages_kind_check\" CHECK (kind IN ('verification', 'new_lead', 'low_balance', 'out_of_credit', 'payment_failed', 'summary')), CONSTRAINT \"PK_6d4cfef86e93e3fde23954d11bc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"sms_messages_cause_key\" ON \"sms_messages\"  (\"cause\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"sms_messages_twilio_sid_key\" ON \"sms_messages\"  (\"twilio_sid\") ");
    await queryRunner.query("CREATE INDEX \"sms_messages_number_created_idx\" ON \"sms_messages\"  (\"number_id\", \"created_at\") ");
    await queryRunner.query("CREATE INDEX \"sms_messages_client_created_idx\" ON \"sms_messages\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"sms_numbers\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"user_id\" uuid NOT NULL, \"phone\" character varying(16) NOT NULL, \"verified_at\" TIMESTAMP WITH TIME ZONE, \"code_hash\" character varying(64), \"code_expires_at\" TIMESTAMP WITH TIME ZONE, \"code_attempts\" smallint NOT NULL DEFAULT '0', \"code_requested_at\" TIMESTAMP WITH TIME ZONE, \"new_leads\" boolean NOT NULL DEFAULT true, \"low_balance\" boolean NOT NULL DEFAULT true, \"payment_failed\" boolean NOT NULL DEFAULT true, \"quiet_start\" smallint, \"quiet_end\" smallint, \"opted_out_at\" TIMESTAMP WITH TIME ZONE, \"window_start\" TIMESTAMP WITH TIME ZONE, \"window_sent\" integer NOT NULL DEFAULT '0', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"sms_numbers_quiet_hours_check\" CHECK (quiet_start BETWEEN 0 AND 23 AND quiet_end BETWEEN 0 AND 23), CONSTRAINT \"PK_d926da9e629d45864fab3315bb9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"sms_numbers_phone_idx\" ON \"sms_numbers\"  (\"phone\") ");
    await queryRunner.query("CREATE INDEX \"sms_numbers_client_idx\" ON \"sms_numbers\"  (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"sms_numbers_user_phone_key\" ON \"sms_numbers\"  (\"user_id\", \"phone\") ");
    await queryRunner.query("ALTER TABLE \"sms_numbers\" ADD CONSTRAINT \"sms_numbers_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"sms_numbers\" ADD CONSTRAINT \"sms_numbers_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."webhook_deliveries_owner_created_idx"');
    await queryRunner.query("ALTER TABLE \"sms_numbers\" DROP CONSTRAINT \"sms_numbers_user_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"sms_numbers\" DROP CONSTRAINT \"sms_numbers_client_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_numbers_user_phone_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_numbers_client_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_numbers_phone_idx\"");
    await queryRunner.query("DROP TABLE \"sms_numbers\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_messages_client_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_messages_number_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_messages_twilio_sid_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"sms_messages_cause_key\"");
    await queryRunner.query("DROP TABLE \"sms_messages\"");
    await queryRunner.query("DROP INDEX \"public\".\"sent_emails_client_created_idx\"");
    await queryRunner.query("DROP TABLE \"sent_emails\"");
    await queryRunner.query("DROP INDEX \"public\".\"usage_records_message_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"usage_records_client_created_idx\"");
    await queryRunner.query("DROP TABLE \"usage_records\"");
    await queryRunner.query('ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_kind_check"');
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_kind_check" CHECK (kind IN ('top_up', 'auto_charge', 'weekly_payment', 'lead_charge', 'refund', 'adjustment'))`,
    );
  }
}
