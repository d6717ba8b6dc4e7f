import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ApiKeyScope } from './entities/api-key.entity';
import type { AuthUser } from './decorators/current-user.decorator';

export const API_KEY_PREFIX = 'lf_';
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Resolves `Authorization: Bearer lf_…` to the client the key belongs to, and notes when it was last used. */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async authenticate(key: string): Promise<AuthUser> {
    const [row] = (await this.db.query(
      `SELECT k.id, k.client_id, k.scopes, k.last_used_at, u.id AS user_id, u.email
         FROM client_api_keys k JOIN users u ON u.id = k.created_by
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashApiKey(key)],
    )) as Array<{ id: string; client_id: string; scopes: ApiKeyScope[]; last_used_at: Date | null; user_id: string; email: string }>;
    if (!row) throw new UnauthorizedException('The API key is not valid, or it has been revoked');
    if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.db.query(`UPDATE client_api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
    }
    return {
      id: row.user_id,
      email: row.email,
      role: 'client',
      clientId: row.client_id,
      clientRole: null,
      apiKey: { id: row.id, scopes: row.scopes },
    };
  }
}
