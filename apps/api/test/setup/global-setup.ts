import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/app/data-source-options';
import { assertTestDatabaseName, databaseUrl } from '../utils/database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('../../../../scripts/lib/services.cjs') as typeof import('../../../../scripts/lib/services.cjs');

interface Running {
  stop: () => Promise<void>;
}
declare global {
  var __LEADFLOW_SERVICES__: Running[] | undefined;
}

/**
 * Once per Jest run: real PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set),
 * and a template database with every migration applied. Each test file clones the template.
 */
export default async function globalSetup(): Promise<void> {
  const started: Running[] = [];
  globalThis.__LEADFLOW_SERVICES__ = started;
  if (!process.env.TEST_DATABASE_URL) {
    if (process.env.DATABASE_URL) {
      process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    } else {
      const pg = await services.startPostgres({
        dataDir: join(mkdtempSync(join(tmpdir(), 'leadflow-test-pg-')), 'data'),
        persistent: false,
      });
      started.push(pg);
      process.env.TEST_DATABASE_URL = pg.adminUrl;
    }
  }
  if (!process.env.REDIS_URL) {
    const redis = await services.startRedis({});
    started.push(redis);
    process.env.REDIS_URL = redis.url;
  }

  const template = `leadflow_test_template_${process.pid}`;
  assertTestDatabaseName(template);
  const admin = new Client({ connectionString: databaseUrl(process.env.TEST_DATABASE_URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource(dataSourceOptions(databaseUrl(process.env.TEST_DATABASE_URL, template), 1));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_TEMPLATE_DATABASE = template;
}
