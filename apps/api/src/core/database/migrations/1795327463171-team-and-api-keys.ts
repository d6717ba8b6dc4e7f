import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TeamAndApiKeys1795327463171 implements MigrationInterface {
  name = 'TeamAndApiKeys1795327463171';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"client_api_keys\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"name\" character varying(100) NOT NULL, \"prefix\" character varying(16) NOT NULL, \"key_hash\" character(64) NOT NULL, \"scopes\" text array NOT NULL, \"created_by\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_48a25d6b021ef6c922cb8b0dd0e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"client_api_keys_hash_key\" ON \"client_api_keys\"  (\"key_hash\") ");
    await queryRunner.query("CREATE INDEX \"client_api_keys_client_idx\" ON \"client_api_keys\"  (\"client_id\") ");
    await queryRunner.query("CREATE TABLE \"team_invites\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"client_id\" uuid NOT NULL, \"email\" character varying(254) NOT NULL, \"role\" character varying(16) NOT NULL, \"token_hash\" character(64) NOT NULL, \"invited_by\" uuid NOT NULL, \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"used_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_2df756220f694d8f6cf5d0988ec\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"team_invites_token_hash_key\" ON \"team_invites\"  (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"team_invites_client_idx\" ON \"team_invites\"  (\"client_id\") ");
    await queryRunner.query("ALTER TABLE \"clients\" ADD \"seat_limit\" integer NOT NULL DEFAULT '5'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"clients\" DROP COLUMN \"seat_limit\"");
    await queryRunner.query("DROP INDEX \"public\".\"team_invites_client_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"team_invites_token_hash_key\"");
    await queryRunner.query("DROP TABLE \"team_invites\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_api_keys_client_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"client_api_keys_hash_key\"");
    await queryRunner.query("DROP TABLE \"client_api_keys\"");
  }
}
