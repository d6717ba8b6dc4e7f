import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795324167006 implements MigrationInterface {
  name = 'Webhooks1795324167006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"outbox_events_unpublished_idx\"");
    await queryRunner.query("CREATE TABLE \"notification_preferences\" (\"client_id\" uuid NOT NULL, \"low_balance\" boolean NOT NULL DEFAULT true, \"payments\" boolean NOT NULL DEFAULT true, \"invoices\" boolean NOT NULL DEFAULT true, \"webhook_failures\" boolean NOT NULL DEFAULT true, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5339051afafdb88435c92315b26\" PRIMARY KEY (\"client_id\"))");
    await queryRunner.query("CREATE TABLE \"webhook_attempts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"delivery_id\" uuid NOT NULL, \"attempt\" integer NOT NULL, \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"duration_ms\" integer NOT NULL, \"request_headers\" jsonb NOT NULL, \"response_status\" integer, \"response_body\" text, \"error\" character varying(500), CONSTRAINT \"PK_2de7e7887ad97de459adab62638\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_attempts_delivery_idx\" ON \"webhook_attempts\"  (\"delivery_id\", \"attempt\") ");
    await queryRunner.query("CREATE TABLE \"webhook_deliveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"endpoint_id\" uuid NOT NULL, \"owner_client_id\" uuid, \"event_id\" uuid NOT NULL, \"event_type\" character varying(100) NOT NULL, \"event_seq\" bigint NOT NULL, \"aggregate_id\" uuid NOT NULL, \"body\" text NOT NULL, \"status\" character varying(20) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"next_attempt_at\" TIMESTAMP WITH TIME ZONE, \"dispatched_at\" TIMESTAMP WITH TIME ZONE, \"locked_until\" TIMESTAMP WITH TIME ZONE, \"last_status_code\" integer, \"last_error\" character varying(500), \"replay_of\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"completed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_535dd409947fb6d8fc6dfc0112a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_order_idx\" ON \"webhook_deliveries\"  (\"endpoint_id\", \"aggregate_id\", \"event_seq\") WHERE status = 'pending'");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_due_idx\" ON \"webhook_deliveries\"  (\"next_attempt_at\") WHERE status = 'pending'");
    await queryRunner.query("CREATE INDEX \"webhook_deliveries_endpoint_created_idx\" ON \"webhook_deliveries\"  (\"endpoint_id\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"webhook_deliveries_event_endpoint_uq\" ON \"webhook_deliveries\"  (\"endpoint_id\", \"event_id\") WHERE replay_of IS NULL");
    await queryRunner.query("CREATE TABLE \"webhook_endpoints\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid, \"url\" character varying(2048) NOT NULL, \"description\" character varying(200) NOT NULL DEFAULT '', \"event_types\" text array NOT NULL, \"active\" boolean NOT NULL DEFAULT true, \"disabled_reason\" character varying(300), \"secret_encrypted\" text NOT NULL, \"previous_secret_encrypted\" text, \"previous_secret_expires_at\" TIMESTAMP WITH TIME ZONE, \"failure_notified_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_054c4cfb95223732f5939d2d546\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"webhook_endpoints_client_idx\" ON \"webhook_endpoints\"  (\"client_id\") ");
    await queryRunner.query("ALTER TABLE \"outbox_events\" ADD \"seq\" BIGSERIAL NOT NULL");
    await queryRunner.query("CREATE INDEX \"outbox_events_unpublished_idx\" ON \"outbox_events\"  (\"seq\") WHERE published_at IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"outbox_events_unpublished_idx\"");
    await queryRunner.query("ALTER TABLE \"outbox_events\" DROP COLUMN \"seq\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_endpoints_client_idx\"");
    await queryRunner.query("DROP TABLE \"webhook_endpoints\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_event_endpoint_uq\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_endpoint_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_due_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_deliveries_order_idx\"");
    await queryRunner.query("DROP TABLE \"webhook_deliveries\"");
    await queryRunner.query("DROP INDEX \"public\".\"webhook_attempts_delivery_idx\"");
    await queryRunner.query("DROP TABLE \"webhook_attempts\"");
    await queryRunner.query("DROP TABLE \"notification_preferences\"");
    await queryRunner.query("CREATE INDEX \"outbox_events_unpublished_idx\" ON \"outbox_events\" USING btree (\"created_at\") WHERE (published_at IS NULL)");
  }
}
