import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1763780000000 implements MigrationInterface {
  name = 'Init1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"clients\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"status\" character varying(16) NOT NULL DEFAULT 'onboarding', \"billing_mode\" character varying(16) NOT NULL DEFAULT 'billable', \"onboarding_step\" character varying(32) NOT NULL DEFAULT 'business_details', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"clients_billing_mode_check\" CHECK (billing_mode IN ('billable', 'non_billable')), CONSTRAINT \"clients_status_check\" CHECK (status IN ('onboarding', 'active', 'paused', 'suspended')), CONSTRAINT \"PK_f1ab7cf3a5714dbc6bb4e1c28a4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"users\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"email\" character varying(254) NOT NULL, \"password_hash\" character varying(255) NOT NULL, \"first_name\" character varying(100) NOT NULL, \"last_name\" character varying(100) NOT NULL, \"phone\" character varying(32) NOT NULL, \"role\" character varying(16) NOT NULL DEFAULT 'client', \"client_id\" uuid, \"client_role\" character varying(16), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"users_client_role_check\" CHECK (client_role IS NULL OR client_role IN ('owner', 'member')), CONSTRAINT \"users_role_check\" CHECK (role IN ('client', 'admin')), CONSTRAINT \"PK_a3ffb1c0c8416b9fc6f907b7433\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"users_email_key\" ON \"users\"  (\"email\") ");
    await queryRunner.query("CREATE INDEX \"users_client_id_idx\" ON \"users\"  (\"client_id\") ");
    await queryRunner.query("CREATE TABLE \"password_reset_tokens\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d16bebd73e844c48bca50ff8d3d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"password_reset_tokens_user_id_idx\" ON \"password_reset_tokens\"  (\"user_id\") ");
    await queryRunner.query("CREATE TABLE \"refresh_tokens\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"user_id\" uuid NOT NULL, \"family_id\" uuid NOT NULL, \"token_hash\" character(64) NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7d8bee0204106019488c4c50ffa\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"refresh_tokens_user_id_idx\" ON \"refresh_tokens\"  (\"user_id\") ");
    await queryRunner.query("CREATE INDEX \"refresh_tokens_family_id_idx\" ON \"refresh_tokens\"  (\"family_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"refresh_tokens_token_hash_key\" ON \"refresh_tokens\"  (\"token_hash\") ");
    await queryRunner.query("ALTER TABLE \"users\" ADD CONSTRAINT \"users_client_id_fkey\" FOREIGN KEY (\"client_id\") REFERENCES \"clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"password_reset_tokens\" ADD CONSTRAINT \"password_reset_tokens_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" ADD CONSTRAINT \"refresh_tokens_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"refresh_tokens\" DROP CONSTRAINT \"refresh_tokens_user_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"password_reset_tokens\" DROP CONSTRAINT \"password_reset_tokens_user_id_fkey\"");
    await queryRunner.query("ALTER TABLE \"users\" DROP CONSTRAINT \"users_client_id_fkey\"");
    await queryRunner.query("DROP INDEX \"public\".\"refresh_tokens_token_hash_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"refresh_tokens_family_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"refresh_tokens_user_id_idx\"");
    await queryRunner.query("DROP TABLE \"refresh_tokens\"");
    await queryRunner.query("DROP INDEX \"public\".\"password_reset_tokens_user_id_idx\"");
    await queryRunner.query("DROP TABLE \"password_reset_tokens\"");
    await queryRunner.query("DROP INDEX \"public\".\"users_client_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"users_email_key\"");
    await queryRunner.query("DROP TABLE \"users\"");
    await queryRunner.query("DROP TABLE \"clients\"");
  }
}
