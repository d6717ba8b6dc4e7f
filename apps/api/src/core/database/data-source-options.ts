import type { DataSourceOptions } from 'typeorm';
import { PasswordResetToken } from '../../auth/entities/password-reset-token.entity';
import { RefreshToken } from '../../auth/entities/refresh-token.entity';
import { Client } from '../../clients/entities/client.entity';
import { User } from '../../clients/entities/user.entity';
import { Init1763780000000 } from './migrations/1763780000000-init';

/** Every entity, listed explicitly (no globs: the same list works under tsc, swc and Jest). */
export const ENTITIES = [User, Client, RefreshToken, PasswordResetToken];
export const MIGRATIONS = [Init1763780000000];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // Fail fast when PostgreSQL is unreachable instead of queueing requests forever.
    extra: { max: poolSize, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 },
  };
}
