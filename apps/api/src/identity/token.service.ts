import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '../core/config/app-config';
import { RefreshToken } from './entities/refresh-token.entity';
import type { AccessTokenClaims } from './jwt.strategy';
import { BOARD_SESSION_SECONDS } from './session-cookies';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface BoardTokenClaims {
  sub: string;
  role: string;
  typ: 'board';
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Access JWTs and rotating refresh tokens (stored hashed, grouped in families per session). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async issue(
    user: { id: string; role: string },
    familyId: string = randomUUID(),
    manager: EntityManager = this.db.manager,
  ): Promise<IssuedTokens> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtAccessTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
    });
    return { accessToken, refreshToken, expiresIn: this.config.jwtAccessTtlSeconds };
  }

  /** Bull Board's credential: a JWT that only Bull Board accepts (typ `board`), for BOARD_SESSION_SECONDS. */
  issueBoardToken(user: { id: string; role: string }): Promise<string> {
    const claims: BoardTokenClaims = { sub: user.id, role: user.role, typ: 'board' };
    return this.jwt.signAsync(claims, { expiresIn: BOARD_SESSION_SECONDS });
  }

  /**
   * Exchanges a refresh token for a new pair. A token presented twice means it leaked: the whole
   * family is revoked and the caller must log in again.
   */
  async rotate(refreshToken: string): Promise<{ userId: string; tokens: IssuedTokens }> {
    const outcome = await this.db.transaction(async (tx) => {
      const row = await tx.findOne(RefreshToken, {
        where: { tokenHash: sha256(refreshToken) },
        relations: { user: true },
        lock: { mode: 'pessimistic_write', tables: ['refresh_tokens'] },
      });
      if (!row || !row.user) return { error: 'The refresh token is not valid' } as const;
      if (row.revokedAt) return { error: 'The session has ended; log in again' } as const;
      if (row.usedAt) {
        await this.revokeFamily(row.familyId, tx);
        return { error: 'The refresh token was already used; the session has been ended for safety' } as const;
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'The refresh token has expired; log in again' } as const;
      await tx.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
      const tokens = await this.issue(row.user, row.familyId, tx);
      return { userId: row.userId, tokens } as const;
    });
    if ('error' in outcome) throw new UnauthorizedException(outcome.error);
    return outcome;
  }

  /** Ends the session the token belongs to. Unknown tokens are ignored (logout is idempotent). */
  async revoke(refreshToken: string): Promise<void> {
    const row = await this.db.manager.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) }, select: { familyId: true } });
    if (row) await this.revokeFamily(row.familyId);
  }

  async revokeAllForUser(userId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async revokeFamily(familyId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
