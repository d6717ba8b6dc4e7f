import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Transactions, type Tx } from '../core/database/transactions';
import { AppConfig } from '../core/config/app-config';
import { RefreshTokenRepository } from './refresh-token.repository';
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
    private readonly tx: Transactions,
    private readonly rows: RefreshTokenRepository,
  ) {}

  async issue(user: { id: string; role: string }, familyId: string = randomUUID(), tx?: Tx): Promise<IssuedTokens> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtAccessTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.rows.insert(
      {
        userId: user.id,
        familyId,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
      },
      tx,
    );
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
    const outcome = await this.tx.run(async (tx) => {
      const row = await this.rows.lockByHash(tx, sha256(refreshToken));
      if (!row || !row.user) return { error: 'The refresh token is not valid' } as const;
      if (row.revokedAt) return { error: 'The session has ended; log in again' } as const;
      if (row.usedAt) {
        await this.rows.revokeFamily(row.familyId, tx);
        return { error: 'The refresh token was already used; the session has been ended for safety' } as const;
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'The refresh token has expired; log in again' } as const;
      await this.rows.markUsed(tx, row.id);
      const tokens = await this.issue(row.user, row.familyId, tx);
      return { userId: row.userId, tokens } as const;
    });
    if ('error' in outcome) throw new UnauthorizedException(outcome.error);
    return outcome;
  }

  /** Ends the session the token belongs to. Unknown tokens are ignored (logout is idempotent). */
  async revoke(refreshToken: string): Promise<void> {
    const familyId = await this.rows.familyOf(sha256(refreshToken));
    if (familyId) await this.rows.revokeFamily(familyId);
  }

  async revokeAllForUser(userId: string, tx?: Tx): Promise<void> {
    await this.rows.revokeAllOfUser(userId, tx);
  }
}
