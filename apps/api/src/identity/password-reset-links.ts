import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../core/config/app-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A reset link's token is the reset row's id plus an HMAC of it: the database stores nothing
 * secret and the email job carries only the id (the worker recomputes the link).
 */
@Injectable()
export class PasswordResetLinks {
  constructor(private readonly config: AppConfig) {}

  tokenFor(resetId: string): string {
    return `${resetId}.${this.sign(resetId)}`;
  }

  linkFor(resetId: string): string {
    return `${this.config.appUrl}/reset-password?token=${encodeURIComponent(this.tokenFor(resetId))}`;
  }

  /** The reset id when the token is genuine, else null. */
  verify(token: string): string | null {
    const [resetId, signature, ...rest] = token.split('.');
    if (!resetId || !signature || rest.length > 0 || !UUID.test(resetId)) return null;
    const expected = Buffer.from(this.sign(resetId));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? resetId : null;
  }

  private sign(resetId: string): string {
    return createHmac('sha256', this.config.jwtSecret.reveal()).update(`password-reset:${resetId}`).digest('base64url');
  }
}
