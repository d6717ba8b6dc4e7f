import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ApiKeyScope } from './entities/api-key.entity';

export interface ActiveApiKey {
  id: string;
  clientId: string;
  scopes: ApiKeyScope[];
  lastUsedAt: Date | null;
  userId: string;
  email: string;
}

/** client_api_keys, as the authenticator reads them (the team service manages them). */
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

  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE client_api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
