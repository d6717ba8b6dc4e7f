/**
 * Creates an admin (or resets an existing user's password and makes them admin):
 *   npm run admin:create -- --email ops@example.com --password '…' [--first-name Ops --last-name Team]
 * Needs DATABASE_URL.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { PASSWORD_RULE } from '../identity';
import { upsertUser } from './upsert-user';
import { withDataSource } from './migration-tools';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    'first-name': { type: 'string', default: 'Admin' },
    'last-name': { type: 'string', default: 'User' },
    phone: { type: 'string', default: '+440000000000' },
  },
});
if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
  console.error('Usage: npm run admin:create -- --email <email> --password <password>');
  process.exit(2);
}
if (!values.password || !PASSWORD_RULE.test(values.password)) {
  console.error('--password must be 10–128 characters with at least one letter and one digit');
  process.exit(2);
}
const { email, password } = values;

void withDataSource(async (ds) => {
  const { created } = await upsertUser(ds, {
    email,
    password,
    firstName: values['first-name'],
    lastName: values['last-name'],
    phone: values.phone,
    role: 'admin',
  });
  console.log(created ? `Created admin ${email}` : `Updated ${email}: now an admin with the given password`);
}).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
