import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in with an OpenID Connect provider (Google): a user's linked identities; a password becomes optional. */
export class UserIdentities1796700000000 implements MigrationInterface {
  name = 'UserIdentities1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_identities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "provider" character varying(32) NOT NULL, "subject" character varying(255) NOT NULL, "email" character varying(254) NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_user_identities_id" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "user_identities_provider_subject_key" ON "user_identities" ("provider", "subject") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "user_identities_user_provider_key" ON "user_identities" ("user_id", "provider") `);
    await queryRunner.query(
      `ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "users" WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "user_identities"`);
  }
}
