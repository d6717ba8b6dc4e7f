import { BadRequestException, Injectable } from '@nestjs/common';
import { Transactions } from '../core/database/transactions';
import { AppConfig } from '../core/config/app-config';
import { NotificationsQueue } from '../core/queue/email-queue';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordHasher } from './password';
import { PasswordResetLinks } from './password-reset-links';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';

@Injectable()
export class PasswordResetService {
  constructor(
    private readonly tx: Transactions,
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly notifications: NotificationsQueue,
    private readonly links: PasswordResetLinks,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Always succeeds from the caller's point of view; only a known email gets a link. */
  async request(email: string): Promise<void> {
    const user = await this.users.byEmail(email);
    if (!user) return;
    const resetId = await this.resets.issue(user.id, new Date(Date.now() + this.config.passwordResetTtlMinutes * 60_000));
    await this.notifications.add('email.password-reset', { resetId }, `password-reset:${resetId}`);
  }

  /** Sets the new password once per link, then ends every session of the user. */
  async reset(token: string, password: string): Promise<void> {
    const invalid = new BadRequestException('The reset link is invalid, already used or expired; ask for a new one');
    const resetId = this.links.verify(token);
    if (!resetId) throw invalid;
    // The link is checked before the password is hashed: argon2 takes 19 MiB and tens of ms, so a
    // replayed, expired or unknown link must be refused without it (the claim below still decides races).
    if (!(await this.resets.usable(resetId))) throw invalid;
    const passwordHash = await this.hasher.hash(password);
    const done = await this.tx.run(async (tx) => {
      // Claim the link atomically: a second use (even concurrent) finds it used.
      const userId = await this.resets.claim(tx, resetId);
      if (!userId) return false;
      await this.users.setPasswordHash(tx, userId, passwordHash);
      await this.tokens.revokeAllForUser(userId, tx);
      return true;
    });
    if (!done) throw invalid;
  }
}
