/** Loads the demo data (idempotent): an admin, a client who has just registered, and a few real industries. Needs DATABASE_URL. */
import 'reflect-metadata';
import { upsertUser } from './upsert-user';
import { Industry, type LeadColumn } from '../catalog';
import { businessNameKey } from '../accounts';
import { withDataSource } from './migration-tools';

export const DEMO_USERS = [
  {
    email: 'admin@leadflow.test',
    password: 'leadflow-admin-1',
    firstName: 'Alex',
    lastName: 'Admin',
    phone: '+44 20 7946 0000',
    role: 'admin',
  },
  {
    email: 'client@leadflow.test',
    password: 'leadflow-client-1',
    firstName: 'Casey',
    lastName: 'Client',
    phone: '+44 7700 900456',
    role: 'client',
  },
] as const;

const contact: LeadColumn[] = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

export const DEMO_INDUSTRIES: Array<{ name: string; leadCost: number; leadColumns: LeadColumn[] }> = [
  {
    name: 'Solar panels',
    leadCost: 2500,
    leadColumns: [
      ...contact,
      { key: 'roof_type', label: 'Roof type', type: 'select', required: true, options: ['pitched', 'flat', 'mixed'] },
      { key: 'homeowner', label: 'Homeowner', type: 'select', required: true, options: ['yes', 'no'] },
    ],
  },
  {
    name: 'Boilers',
    leadCost: 1800,
    leadColumns: [
      ...contact,
      { key: 'boiler_age', label: 'Boiler age (years)', type: 'number', required: false },
      { key: 'fuel', label: 'Fuel', type: 'select', required: true, options: ['gas', 'oil', 'lpg', 'electric'] },
    ],
  },
  {
    name: 'Conveyancing',
    leadCost: 4000,
    leadColumns: [
      ...contact,
      { key: 'property_value', label: 'Property value (£)', type: 'number', required: true },
      { key: 'transaction', label: 'Buying or selling', type: 'select', required: true, options: ['buying', 'selling', 'both'] },
      { key: 'move_date', label: 'Expected move date', type: 'date', required: false },
    ],
  },
];

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
