import { Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiKeyRepository } from './api-key.repository';
import type { AuthUser } from './decorators/current-user.decorator';

export const API_KEY_PREFIX = 'lf_';
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Resolves `Authorization: Bearer lf_…` to the client the key belongs to, and notes when it was last used. */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(private readonly keys: ApiKeyRepository) {}

  async authenticate(key: string): Promise<AuthUser> {
    const row = await this.keys.activeByHash(hashApiKey(key));
    if (!row) throw new UnauthorizedException('The API key is not valid, or it has been revoked');
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await this.keys.touch(row.id);
    return {
      id: row.userId,
      email: row.email,
      role: 'client',
      clientId: row.clientId,
      clientRole: null,
      apiKey: { id: row.id, scopes: row.scopes },
    };
  }
}
