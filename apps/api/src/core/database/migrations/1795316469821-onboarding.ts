import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Onboarding1795316469821 implements MigrationInterface {
  name = 'Onboarding1795316469821';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"industries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(100) NOT NULL, \"name_key\" character varying(100) NOT NULL, \"lead_cost\" integer NOT NULL, \"currency\" character(3) NOT NULL DEFAULT 'GBP', \"lead_columns\" jsonb NOT NULL DEFAULT '[]', \"archived_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_f1626dcb2d58142d7dfcca7b8d1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"industries_name_key\" ON \"industries\"  (\"name_key\") ");
    await queryRunner.query("CREATE TABLE \"payment_methods\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"stripe_payment_method_id\" character varying(255) NOT NULL, \"brand\" character varying(32) NOT NULL, \"last4\" character(4) NOT NULL, \"exp_month\" smallint NOT NULL, \"exp_year\" smallint NOT NULL, \"is_default\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_34f9b8c6dfb4ac3559f7e2820d1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"payment_methods_client_id_idx\" ON \"payment_methods\"  (\"client_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payment_methods_stripe_id_key\" ON \"payment_methods\"  (\"stripe_payment_method_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payment_methods_one_default_per_client\" ON \"payment_methods\"  (\"client_id\") WHERE is_default");
    await queryRunner.query("CREATE TABLE \"stripe_events\" (\"id\" character varying(255) NOT NULL, \"type\" character varying(100) NOT NULL, \"received_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d3247bd5fc3f66b6982bbcdd897\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"activity_log\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid, \"actor_user_id\" uuid, \"action\" character varying(100) NOT NULL, \"before\" jsonb, \"after\" jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_067d761e2956b77b14e534fd6f1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"activity_log_client_created_idx\" ON \"activity_log\"  (\"client_id\", \"created_at\") ");
    await queryRunner.query("CREATE TABLE \"client_invites\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"token_hash\" character(64) NOT NULL, \"billing_mode\" character varying(16) NOT NULL, \"email\" character varying(254), \"created_by\" uuid NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_377860d43f4a397d0dea753f9b6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"client_invites_token_hash_key\" ON \"client_invites\"  (\"token_hash\") ");
    await queryRunner.query("CREATE TABLE \"integration_states\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"kind\" character varying(32) NOT NULL, \"status\" character varying(16) NOT NULL DEFAULT 'pending', \"revision\" integer NOT NULL DEFAULT '1', \"attempts\" integer NOT NULL DEFAULT '0', \"last_error\" text, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"integration_states_status_check\" CHECK (status IN ('pending', 'waiting', 'done', 'failed')), CONSTRAINT \"integration_states_kind_check\" CHECK (kind IN ('stripe_customer', 'leadbyte_buyer', 'xero_contact')), CONSTRAINT \"PK_6c43aa9c5bee1ec5cb4b2b626ea\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"integration_states_client_kind_key\" ON \"integration_states\"  (\"client_id\", \"kind\") ");
    await queryRunner.query("CREATE TABLE \"lead_preferences\" (\"client_id\" uuid NOT NULL, \"postcode_areas\" text array NOT NULL, \"daily_cap\" integer NOT NULL, \"weekly_cap\" integer, \"delivery_days\" text array NOT NULL, \"delivery_start_minute\" integer NOT NULL DEFAULT '0', \"delivery_end_minute\" integer NOT NULL DEFAULT '1440', \"time_zone\" character varying(64) NOT NULL DEFAULT 'Europe/London', \"paused\" boolean NOT NULL DEFAULT false, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"lead_preferences_hours_check\" CHECK (delivery_start_minute >= 0 AND delivery_end_minute <= 1440 AND delivery_start_minute < delivery_end_minute), CONSTRAINT \"lead_preferences_weekly_cap_check\" CHECK (weekly_cap IS NULL OR weekly_cap >= daily_cap), CONSTRAINT \"lead_preferences_daily_cap_check\" CHECK (daily_cap > 0), CONSTRAINT \"PK_36054646a3aafcdbfb4de31c358\" PRIMARY KEY (\"client_id\"))");
    await queryRunner.query("CREATE TABLE \"outbox_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"type\" character varying(100) NOT NULL, \"aggregate_type\" character varying(50) NOT NULL, \"aggregate_id\" uuid NOT NULL, \"client_id\" uuid, \"payload\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"published_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_6689a16c00d09b8089f6237f1d2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"outbox_events_client_id_idx\" ON \"outbox_events\"  (\"client_id\") ");
    await queryRunner.query("CREATE INDEX \"outbox_events_unpublished_idx\" ON \"outbox_events\"  (\"created_at\") WHERE published_at IS NULL");
    await queryRunner.query("CREATE TABLE \"xero_connection\" (\"id\" character varying(32) NOT NULL, \"tenant_id\" character varying(64) NOT NULL, \"tenant_name\" character varying(255), \"access_token_enc\" text NOT NULL, \"refresh_token_enc\" text NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"connected_by\" uuid, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_68d9859c2d364bedfde469892ad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"business_name\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"business_name_key\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"industry_id\" uuid");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"address_line1\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"address_line2\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"town\" character varying(100)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"postcode\" character varying(8)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"business_phone\" character varying(32)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"website\" character varying(255)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"stripe_customer_id\" character varying(255)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"leadbyte_buyer_id\" integer");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"xero_contact_id\" uuid");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"inbound_token\" character varying(64)");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"onboarded_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("CREATE UNIQUE INDEX \"clients_business_name_key\" ON \"clients\"  (\"business_name_key\") ");
    await queryRunner.query("CREATE INDEX \"clients_industry_id_idx\" ON \"clients\"  (\"industry_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"clients_stripe_customer_id_key\" ON \"clients\"  (\"stripe_customer_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"clients_inbound_token_key\" ON \"clients\"  (\"inbound_token\") ");
    await queryRunner.query("ALTER TABLE \"clients\" ADD CONSTRAINT \"clients_industry_id_fkey\" FOREIGN KEY (\"industry_id\") REFERENCES \"industries\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"payment_methods\" ADD CONSTRAINT \"payment_methods_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"integration_states\" ADD CONSTRAINT \"integration_states_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"lead_preferences\" ADD CONSTRAINT \"lead_preferences_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"lead_preferences\" DROP CONSTRAINT \"lead_preferences_client_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"integration_states\" DROP CONSTRAINT \"integration_states_client_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"payment_methods\" DROP CONSTRAINT \"payment_methods_client_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP CONSTRAINT \"clients_industry_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_inbound_token_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_stripe_customer_id_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_industry_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"clients_business_name_key\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"onboarded_at\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"inbound_token\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"xero_contact_id\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"leadbyte_buyer_id\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"stripe_customer_id\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"website\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"business_phone\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"postcode\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"town\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"address_line2\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"address_line1\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"industry_id\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"business_name_key\"");
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"business_name\"");
    await queryRunner.query("DROP TABLE \"xero_connection\"");
    await queryRunner.query("DROP INDEX \"public\".\"outbox_events_unpublished_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"outbox_events_client_id_idx\"");
    await queryRunner.query("DROP TABLE \"outbox_events\"");
    await queryRunner.query("DROP TABLE \"lead_preferences\"");
    await queryRunner.query("DROP INDEX \"public\".\"integration_states_client_kind_key\"");
    await queryRunner.query("DROP TABLE \"integration_states\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_invites_token_hash_key\"");
    await queryRunner.query("DROP TABLE \"client_invites\"");
    await queryRunner.query("DROP INDEX \"public\".\"activity_log_client_created_idx\"");
    await queryRunner.query("DROP TABLE \"activity_log\"");
    await queryRunner.query("DROP TABLE \"stripe_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"payment_methods_one_default_per_client\"");
    await queryRunner.query("DROP INDEX \"public\".\"payment_methods_stripe_id_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"payment_methods_client_id_idx\"");
    await queryRunner.query("DROP TABLE \"payment_methods\"");
    await queryRunner.query("DROP INDEX \"public\".\"industries_name_key\"");
    await queryRunner.query("DROP TABLE \"industries\"");
  }
}
