import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The harness only ever creates, uses and drops databases whose name says "test". */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) throw new Error(`Refusing to use database "${name}": test databases must have "test" in their name`);
}

export function databaseUrl(serverUrl: string | undefined, database: string): string {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set; run tests through Jest (its global setup starts the servers)');
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database cloned from the migrated template (fast, isolated per test file). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) throw new Error('TEST_TEMPLATE_DATABASE is not set; run tests through Jest');
  const name = `leadflow_test_${randomBytes(6).toString('hex')}`;
  assertTestDatabaseName(name);
  const admin = new Client({ connectionString: databaseUrl(process.env.TEST_DATABASE_URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" WITH TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(process.env.TEST_DATABASE_URL, name),
    drop: async () => {
      const c = new Client({ connectionString: databaseUrl(process.env.TEST_DATABASE_URL, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
