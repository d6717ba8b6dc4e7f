import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseUrl } from '../utils/database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  const started = globalThis.__LEADFLOW_SERVICES__ ?? [];
  if (template && process.env.TEST_DATABASE_URL && started.length === 0) {
    // Shared server: leave it as we found it.
    const admin = new Client({ connectionString: databaseUrl(process.env.TEST_DATABASE_URL, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  for (const service of started.reverse()) await service.stop();
  // The SPA the browser suites built for this run (utils/browser.ts).
  if (template) rmSync(join(tmpdir(), `leadflow-test-web-${template}`), { recursive: true, force: true });
}
