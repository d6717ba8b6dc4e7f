import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { ClientApiKey, type ApiKeyScope } from './entities/api-key.entity';

export interface ActiveApiKey {
  id: string;
  clientId: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  userId: string;
  email: string;
}

/** client_api_keys: a client's API keys (stored as the key's hash). */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The unrevoked key with this hash, and the user who made it. */
  async activeByHash(keyHash: string): Promise<ActiveApiKey | null> {
    const [row] = (await this.db.query(
      `SELECT k.id, k.client_id, k.scopes, k.last_used_at, u.id AS user_id, u.email
         FROM client_api_keys k JOIN users u ON u.id = k.created_by
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    )) as Array<{ id: string; client_id: string; scopes: ApiKeyScope[]; last_used_at: Date | null; user_id: string; email: string }>;
    if (!row) return null;
    return {
      id: row.id,
      clientId: row.client_id,
      scopes: row.scopes,
      lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
      userId: row.user_id,
      email: row.email,
    };
  }

  /** Newest first. */
  list(clientId: string): Promise<ClientApiKey[]> {
    return this.db.manager.find(ClientApiKey, { where: { clientId }, order: { createdAt: 'DESC' } });
  }

  insert(tx: Tx, key: Pick<ClientApiKey, 'clientId' | 'name' | 'prefix' | 'keyHash' | 'scopes' | 'createdBy'>): Promise<ClientApiKey> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(ClientApiKey, key));
  }

  lockOfClient(tx: Tx, clientId: string, id: string): Promise<ClientApiKey | null> {
    return managerOf(this.db, tx).findOne(ClientApiKey, { where: { id, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  async revoke(tx: Tx, id: string, at: Date): Promise<void> {
    await managerOf(this.db, tx).update(ClientApiKey, { id }, { revokedAt: at });
  }

  /** Revokes the live keys a person made for the client (when they leave it). */
  async revokeAllMadeBy(tx: Tx, clientId: string, userId: string): Promise<void> {
    await managerOf(this.db, tx).update(ClientApiKey, { clientId, createdBy: userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE client_api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
