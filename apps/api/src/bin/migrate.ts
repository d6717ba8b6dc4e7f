/** Runs pending migrations: `npm run migrate -w apps/api` (needs DATABASE_URL). */
import 'reflect-metadata';
import { withDataSource } from './migration-tools';

void withDataSource(async (ds) => {
  const ran = await ds.runMigrations({ transaction: 'each' });
  console.log(ran.length ? `Applied ${ran.map((m) => m.name).join(', ')}` : 'Database schema is up to date');
}).catch((err: unknown) => {
  console.error('Migration failed:', err);
  process.exit(1);
});
