import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A top-up's Idempotency-Key is now stored as `client:<key>`, apart from the keys the system makes
 * (`weekly:<client>:<monday>`, `autocharge:<client>:<ms>`). Existing top-ups move into that
 * namespace too, so a request retried across the upgrade still finds its payment, and a top-up
 * that took a system key no longer blocks the payment the system makes with it.
 */
export class ClientIdempotencyKeys1796286028515 implements MigrationInterface {
  name = 'ClientIdempotencyKeys1796286028515';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "payments" SET "idempotency_key" = 'client:' || "idempotency_key" WHERE "kind" = 'manual_top_up'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "payments" SET "idempotency_key" = substr("idempotency_key", 8) WHERE "kind" = 'manual_top_up' AND "idempotency_key" LIKE 'client:%'`);
  }
}
