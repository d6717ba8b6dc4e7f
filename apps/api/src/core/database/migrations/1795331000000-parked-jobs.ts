import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ParkedJobs1795331000000 implements MigrationInterface {
  name = 'ParkedJobs1795331000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parked_jobs" ("id" BIGSERIAL NOT NULL, "queue" character varying(50) NOT NULL, "name" character varying(100) NOT NULL, "data" jsonb NOT NULL, "opts" jsonb NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af0857f49177781b15b57f93c18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "parked_jobs_run_at_idx" ON "parked_jobs" ("run_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."parked_jobs_run_at_idx"`);
    await queryRunner.query(`DROP TABLE "parked_jobs"`);
  }
}
