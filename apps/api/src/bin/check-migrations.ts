/**
 * Fails when the entities and the migrations disagree: runs every migration on the database
 * (which must be empty or migrated) and asks TypeORM what `migration:generate` would write.
 */
import 'reflect-metadata';
import { pendingSchemaChanges, withDataSource } from './migration-tools';

void withDataSource(async (ds) => {
  await ds.runMigrations({ transaction: 'each' });
  const { up } = await pendingSchemaChanges(ds);
  if (up.length > 0) {
    console.error('Entities and migrations disagree; migration:generate would write:\n' + up.join(';\n'));
    process.exit(1);
  }
  console.log('Migrations are in step with the entities.');
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
