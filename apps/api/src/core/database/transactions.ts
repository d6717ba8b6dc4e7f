import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

declare const TX: unique symbol;

/**
 * An open database transaction as services see it: a token they hand to the repositories that
 * take part, never a query interface. Only repositories (and core/database) turn it back into an
 * EntityManager, so services cannot run SQL of their own.
 */
export interface Tx {
  readonly [TX]: true;
}

export function txOf(manager: EntityManager): Tx {
  return manager as unknown as Tx;
}

/** For repositories: the transaction's manager, or the pool's when the call is not part of one. */
export function managerOf(db: DataSource, tx?: Tx): EntityManager {
  return tx ? (tx as unknown as EntityManager) : db.manager;
}

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Opens transactions for services that change more than one row (or table) at once. */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return isolation ? this.db.transaction(isolation, (m) => work(txOf(m))) : this.db.transaction((m) => work(txOf(m)));
  }
}
