import { escapeLiteral, type Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/** Allocates a placeholder (`$n`) for a value in the statement being built. */
export type SqlParam = (value: unknown) => string;

/** Placeholders for the values of one statement, in order. */
export class SqlParams {
  readonly values: unknown[] = [];
  readonly param: SqlParam = (value) => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/**
 * A value written into the SQL text as a literal (pg's own escaping), for statements sent several
 * to a message, where there are no placeholders (the simple query protocol). Strings, finite
 * numbers, booleans and null only.
 */
export const literal: SqlParam = (value) => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return value < 0 ? `(${value})` : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`No SQL literal for a ${typeof value}`);
};

/** The connection pool under TypeORM, for statements sent several to a message (the simple query protocol). */
export function poolOf(db: DataSource): Pool {
  return (db.driver as PostgresDriver).master as Pool;
}

/**
 * A statement of the hot paths, prepared once per pooled connection under `name` (node-pg keeps
 * them), so PostgreSQL parses and plans it once per connection rather than on every request.
 */
export async function queryPrepared<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  return (await poolOf(db).query({ name, text, values })).rows as T[];
}

/** An entity from a `row_to_json` of its table: columns by database name, through the column's transformer; times as Dates. */
export function fromJsonRow<T extends object>(db: DataSource, target: new () => T, row: Record<string, unknown>): T {
  const entity = new target();
  for (const column of db.getMetadata(target).columns) {
    let value = row[column.databaseName];
    if (value === undefined) continue;
    if (value !== null && (column.type === 'timestamptz' || column.type === 'timestamp' || column.type === Date))
      value = new Date(value as string);
    if (column.transformer && value !== null) value = ApplyValueTransformers.transformFrom(column.transformer, value);
    (entity as Record<string, unknown>)[column.propertyName] = value;
  }
  return entity;
}

const TEXT = Symbol('sql');

/**
 * A part of one SQL statement (CTEs, a condition, select-list items) written by the repository that
 * owns the tables it touches, for a statement another repository composes (the single-statement
 * lead charge). Opaque: only `sqlOf`, called by the composing repository, reads its text, so no
 * module writes SQL about another module's tables.
 */
export interface SqlPart {
  readonly [TEXT]: string;
}

export function sqlPart(text: string): SqlPart {
  return { [TEXT]: text };
}

export function sqlOf(part: SqlPart): string {
  return part[TEXT];
}

/** `text` with LIKE's wildcards (`%`, `_`) and the escape character taken literally (PostgreSQL's default escape, `\`). */
export const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A unique constraint refused the write (PostgreSQL 23505); `constraint` narrows it to one. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const driver = (err as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return driver?.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}
