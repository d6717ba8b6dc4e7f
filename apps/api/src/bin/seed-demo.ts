/** Loads the demo data (idempotent): an admin, a client who has just registered, and a few real industries. Needs DATABASE_URL. */
import 'reflect-metadata';
import { upsertUser } from './upsert-user';
import { Industry } from '../catalog';
import { DEMO_INDUSTRIES, DEMO_USERS } from './demo-data';
import { businessNameKey } from '../accounts';
import { withDataSource } from './migration-tools';

void withDataSource(async (ds) => {
  for (const industry of DEMO_INDUSTRIES) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(Industry)
      .values({ ...industry, nameKey: businessNameKey(industry.name), currency: 'GBP' })
      .orIgnore()
      .execute();
  }
  for (const u of DEMO_USERS) {
    const exists = await ds.query('SELECT 1 FROM users WHERE email = $1', [u.email]);
    if (exists.length === 0) await upsertUser(ds, { ...u });
  }
  console.log(
    `Demo data ready: ${DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(', ')}; industries ${DEMO_INDUSTRIES.map((i) => i.name).join(', ')}`,
  );
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
