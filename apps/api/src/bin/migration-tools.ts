import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../app/data-source-options';

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required (e.g. postgres://user@127.0.0.1:5432/leadflow)');
    process.exit(2);
  }
  return url;
}

/** The SQL that would bring the database's schema in line with the entities (empty when in step). */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query).reverse(),
  };
}

export async function withDataSource<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(dataSourceOptions(requireDatabaseUrl(), 2));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}
