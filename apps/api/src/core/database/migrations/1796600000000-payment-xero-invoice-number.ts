import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A payment keeps its Xero invoice's number (INV-0042), which its VAT receipt carries. */
export class PaymentXeroInvoiceNumber1796600000000 implements MigrationInterface {
  name = 'PaymentXeroInvoiceNumber1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" ADD "xero_invoice_number" character varying(255)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "xero_invoice_number"`);
  }
}
