import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { XeroConnection } from './entities/xero-connection.entity';

/** The platform's one Xero connection (tokens encrypted by the caller). */
const CONNECTION_ID = 'default';

export type XeroTokenColumns = Pick<XeroConnection, 'accessTokenEnc' | 'refreshTokenEnc' | 'expiresAt'>;

/** xero_connections: at most one row, the organisation LeadFlow posts invoices to. */
@Injectable()
export class XeroConnectionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get(): Promise<XeroConnection | null> {
    return this.db.manager.findOneBy(XeroConnection, { id: CONNECTION_ID });
  }

  async exists(): Promise<boolean> {
    return (await this.db.manager.countBy(XeroConnection, { id: CONNECTION_ID })) > 0;
  }

  /** A (re)connect replaces the row. */
  async replace(row: Omit<XeroConnection, 'id' | 'updatedAt'>): Promise<void> {
    await this.db.manager.upsert(XeroConnection, { ...row, id: CONNECTION_ID }, ['id']);
  }

  async remove(tx?: Tx): Promise<void> {
    await managerOf(this.db, tx).delete(XeroConnection, { id: CONNECTION_ID });
  }

  /** The row, locked until the transaction ends (one token refresh at a time, across processes). */
  lock(tx: Tx): Promise<XeroConnection | null> {
    return managerOf(this.db, tx).findOne(XeroConnection, { where: { id: CONNECTION_ID }, lock: { mode: 'pessimistic_write' } });
  }

  async setTokens(tx: Tx, tokens: XeroTokenColumns): Promise<void> {
    await managerOf(this.db, tx).update(XeroConnection, { id: CONNECTION_ID }, tokens);
  }
}
