import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { PasswordResetToken } from './entities/password-reset-token.entity';

/** password_reset_tokens: one row per reset link sent; a link works once, before it expires. */
@Injectable()
export class PasswordResetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Answers the new link's id (what the signed link carries). */
  async issue(userId: string, expiresAt: Date): Promise<string> {
    const { identifiers } = await this.db.manager.insert(PasswordResetToken, { userId, expiresAt });
    return String(identifiers[0]?.id);
  }

  /** Unused, unexpired, and its user still exists. */
  usable(resetId: string): Promise<boolean> {
    return this.db.manager
      .createQueryBuilder(PasswordResetToken, 'reset')
      .innerJoin('reset.user', 'user')
      .where('reset.id = :resetId AND reset.used_at IS NULL AND reset.expires_at > now()', { resetId })
      .getExists();
  }

  /** Marks the link used, atomically (a second use, even concurrent, finds it used); answers its user, or null. */
  async claim(tx: Tx, resetId: string): Promise<string | null> {
    const claimed = await managerOf(this.db, tx)
      .createQueryBuilder()
      .update(PasswordResetToken)
      .set({ usedAt: () => 'now()' })
      .where({ id: resetId, usedAt: IsNull() })
      .andWhere('expires_at > now()')
      .returning(['userId'])
      .execute();
    return (claimed.raw as Array<{ user_id: string }>)[0]?.user_id ?? null;
  }
}
