import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { RefreshToken } from './entities/refresh-token.entity';

/** refresh_tokens: one row per issued refresh token (hashed), grouped in families per session. */
@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(row: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>, tx?: Tx): Promise<void> {
    await managerOf(this.db, tx).insert(RefreshToken, row);
  }

  /** The token with its user, locked for the rest of the transaction (a rotation at a time). */
  lockByHash(tx: Tx, tokenHash: string): Promise<RefreshToken | null> {
    return managerOf(this.db, tx).findOne(RefreshToken, {
      where: { tokenHash },
      relations: { user: true },
      lock: { mode: 'pessimistic_write', tables: ['refresh_tokens'] },
    });
  }

  familyOf(tokenHash: string): Promise<string | null> {
    return this.db.manager.findOne(RefreshToken, { where: { tokenHash }, select: { familyId: true } }).then((r) => r?.familyId ?? null);
  }

  async markUsed(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).update(RefreshToken, { id }, { usedAt: new Date() });
  }

  async revokeFamily(familyId: string, tx?: Tx): Promise<void> {
    await managerOf(this.db, tx).update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(userId: string, tx?: Tx): Promise<void> {
    await managerOf(this.db, tx).update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
