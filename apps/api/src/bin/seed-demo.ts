/** Loads the demo data (idempotent): an admin and a client. Needs DATABASE_URL. */
import 'reflect-metadata';
import { upsertUser } from '../clients/create-user';
import { withDataSource } from './migration-tools';

export const DEMO_USERS = [
  { email: 'admin@leadflow.test', password: 'leadflow-admin-1', firstName: 'Alex', lastName: 'Admin', phone: '+44 20 7946 0000', role: 'admin' },
  { email: 'client@leadflow.test', password: 'leadflow-client-1', firstName: 'Casey', lastName: 'Client', phone: '+44 7700 900456', role: 'client' },
] as const;

void withDataSource(async (ds) => {
  for (const u of DEMO_USERS) {
    const exists = await ds.query('SELECT 1 FROM users WHERE email = $1', [u.email]);
    if (exists.length === 0) await upsertUser(ds, { ...u });
  }
  console.log(`Demo data ready: ${DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(', ')}`);
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
