import { Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { AppConfig } from '../core/config/app-config';

/**
 * A team invite's token is derived from the invite's id with an HMAC, so the email job carries
 * only the id and the database keeps only the token's hash.
 */
@Injectable()
export class TeamInviteLinks {
  constructor(private readonly config: AppConfig) {}

  tokenFor(inviteId: string): string {
    return createHmac('sha256', this.config.jwtSecret.reveal()).update(`team-invite:${inviteId}`).digest('base64url');
  }

  hashOf(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  linkFor(inviteId: string): string {
    return `${this.config.appUrl}/register?team=${encodeURIComponent(this.tokenFor(inviteId))}`;
  }
}
