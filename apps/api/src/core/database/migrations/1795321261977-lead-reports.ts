import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadReports1795321261977 implements MigrationInterface {
  name = 'LeadReports1795321261977';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"lead_reports\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"delivery_id\" uuid NOT NULL, \"lead_id\" uuid NOT NULL, \"client_id\" uuid NOT NULL, \"reason\" character varying(20) NOT NULL, \"note\" text, \"status\" character varying(10) NOT NULL DEFAULT 'pending', \"admin_note\" text, \"decided_by\" uuid, \"decided_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"lead_reports_status_check\" CHECK (status IN ('pending', 'approved', 'rejected')), CONSTRAINT \"lead_reports_reason_check\" CHECK (reason IN ('wrong_number', 'duplicate', 'fake', 'out_of_area', 'other')), CONSTRAINT \"PK_261866d706d4a67c0865792826e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"lead_reports_delivery_id_key\" ON \"lead_reports\"  (\"delivery_id\") ");
    await queryRunner.query("CREATE INDEX \"lead_reports_client_id_idx\" ON \"lead_reports\"  (\"client_id\") ");
    await queryRunner.query("CREATE INDEX \"lead_reports_status_created_idx\" ON \"lead_reports\"  (\"status\", \"created_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"lead_reports_status_created_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"lead_reports_client_id_idx\"");
    await queryRunner.query("DROP INDEX \"public\".\"lead_reports_delivery_id_key\"");
    await queryRunner.query("DROP TABLE \"lead_reports\"");
  }
}
