/** Loads the demo data (idempotent): an admin, a client who has just registered, a few real industries and paid plans. Needs DATABASE_URL. */
import 'reflect-metadata';
import { upsertUser } from './upsert-user';
import { Industry } from '../catalog';
import { DEMO_INDUSTRIES, DEMO_PLANS, DEMO_USERS } from './demo-data';
import { Plan } from '../subscriptions';
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
  for (const plan of DEMO_PLANS) {
    const exists = await ds.query('SELECT 1 FROM plans WHERE name = $1', [plan.name]);
    if (exists.length === 0)
      await ds
        .createQueryBuilder()
        .insert()
        .into(Plan)
        .values({ ...plan })
        .execute();
  }
  for (const u of DEMO_USERS) {
    const exists = await ds.query('SELECT 1 FROM users WHERE email = $1', [u.email]);
    if (exists.length === 0) await upsertUser(ds, { ...u });
  }
  console.log(
    `Demo data ready: ${DEMO_USERS.map((u) => `${u.email} / ${u.password}`).join(', ')}; industries ${DEMO_INDUSTRIES.map((i) => i.name).join(', ')}; plans ${DEMO_PLANS.map((p) => p.name).join(', ')}`,
  );
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
