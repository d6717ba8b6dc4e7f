import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every lead keeps LeadByte's standard fields it carried (`leads.contact`), and the duplicate check
 * gets its email key beside the phone key (`deliveries.email_fingerprint`, indexed like the phone's).
 * Existing deliveries get their email key from their lead's email field (the same SHA-256 of
 * "<industry id>|<email>" the application computes), so leads had before this change count too.
 */
export class LeadContact1796285178330 implements MigrationInterface {
  name = 'LeadContact1796285178330';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"deliveries\" ADD \"email_fingerprint\" character(64)");
    await queryRunner.query("ALTER TABLE \"leads\" ADD \"contact\" jsonb NOT NULL DEFAULT '{}'");
    await queryRunner.query(`
      UPDATE deliveries d SET email_fingerprint = encode(sha256(convert_to(l.industry_id::text || '|' || e.email, 'UTF8')), 'hex')
      FROM leads l
      CROSS JOIN LATERAL (
        SELECT lower(btrim(f.value)) AS email FROM jsonb_each_text(l.fields) f
        WHERE f.key LIKE '%email%' AND f.value LIKE '%@%' ORDER BY f.key <> 'email', f.key LIMIT 1
      ) e
      WHERE l.id = d.lead_id`);
    await queryRunner.query("CREATE INDEX \"deliveries_client_email_fingerprint_idx\" ON \"deliveries\"  (\"client_id\", \"email_fingerprint\", \"delivered_at\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"deliveries_client_email_fingerprint_idx\"");
    await queryRunner.query("ALTER TABLE \"leads\" DROP COLUMN \"contact\"");
    await queryRunner.query("ALTER TABLE \"deliveries\" DROP COLUMN \"email_fingerprint\"");
  }
}
