import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { User } from './entities/user.entity';
import { AppConfig } from '../core/config/app-config';
import { NotificationsQueue } from '../core/queue/email-queue';
import { PasswordResetToken } from './entities/password-reset-token.entity';
import { PasswordHasher } from './password';
import { PasswordResetLinks } from './password-reset-links';
import { TokenService } from './token.service';

@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly notifications: NotificationsQueue,
    private readonly links: PasswordResetLinks,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Always succeeds from the caller's point of view; only a known email gets a link. */
  async request(email: string): Promise<void> {
    const user = await this.db.manager.findOne(User, { where: { email }, select: { id: true } });
    if (!user) return;
    const expiresAt = new Date(Date.now() + this.config.passwordResetTtlMinutes * 60_000);
    const { identifiers } = await this.db.manager.insert(PasswordResetToken, { userId: user.id, expiresAt });
    const resetId = String(identifiers[0]?.id);
    await this.notifications.add('email.password-reset', { resetId }, `password-reset:${resetId}`);
  }

  /** Sets the new password once per link, then ends every session of the user. */
  async reset(token: string, password: string): Promise<void> {
    const invalid = new BadRequestException('The reset link is invalid, already used or expired; ask for a new one');
    const resetId = this.links.verify(token);
    if (!resetId) throw invalid;
    // The link is checked before the password is hashed: argon2 takes 19 MiB and tens of ms, so a
    // replayed, expired or unknown link must be refused without it (the claim below still decides races).
    const usable = await this.db.manager
      .createQueryBuilder(PasswordResetToken, 'reset')
      .innerJoin('reset.user', 'user')
      .where('reset.id = :resetId AND reset.used_at IS NULL AND reset.expires_at > now()', { resetId })
      .getExists();
    if (!usable) throw invalid;
    const passwordHash = await this.hasher.hash(password);
    const done = await this.db.transaction(async (tx) => {
      // Claim the link atomically: a second use (even concurrent) finds it used.
      const claimed = await tx
        .createQueryBuilder()
        .update(PasswordResetToken)
        .set({ usedAt: () => 'now()' })
        .where({ id: resetId, usedAt: IsNull() })
        .andWhere('expires_at > now()')
        .returning(['userId'])
        .execute();
      const row = (claimed.raw as Array<{ user_id: string }>)[0];
      if (!row) return false;
      await tx.update(User, { id: row.user_id }, { passwordHash });
      await this.tokens.revokeAllForUser(row.user_id, tx);
      return true;
    });
    if (!done) throw invalid;
  }
}
