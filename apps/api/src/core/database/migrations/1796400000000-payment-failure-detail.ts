import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed payment's reason is now written for the client; Stripe's own message and codes move to
 * `failure_detail`, for admins. Existing failures keep their text in both until they are read again.
 */
export class PaymentFailureDetail1796400000000 implements MigrationInterface {
  name = 'PaymentFailureDetail1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "failure_detail" text`);
    await queryRunner.query(`UPDATE "payments" SET "failure_detail" = "failure_reason" WHERE "failure_reason" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "failure_detail"`);
  }
}
