/** Writes a migration for the difference between the entities and the migrated schema. Usage: generate-migration <Name> */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pendingSchemaChanges, withDataSource } from './migration-tools';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <PascalCaseName>');
  process.exit(2);
}

void withDataSource(async (ds) => {
  await ds.runMigrations({ transaction: 'each' });
  const { up, down } = await pendingSchemaChanges(ds);
  if (up.length === 0) {
    console.log('No changes: the entities match the migrations.');
    return;
  }
  const ts = Date.now();
  const file = join(
    __dirname,
    '..',
    'core',
    'database',
    'migrations',
    `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
  );
  const q = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`,
  );
  console.log(`Wrote ${file} — add it to MIGRATIONS in core/database/data-source-options.ts`);
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
