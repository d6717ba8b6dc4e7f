import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../core/config/app-config';
import type { AuthUser } from '../decorators/current-user.decorator';
import { RedisThrottlerStorage } from '../redis-throttler.storage';

const WINDOW_SECONDS = 60;

/**
 * Global, after authentication: each signed-in user and each API key gets API_RATE_LIMIT_PER_MINUTE
 * requests a minute, counted in Redis across instances. Every answer carries `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy`; past the limit, 429 with
 * `Retry-After`. Public routes (sign-in, the LeadByte URL, supplier ingest) have limits of their own.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const user = http.getRequest<Request & { user?: AuthUser }>().user;
    if (!user) return true;
    const limit = this.config.apiRateLimitPerMinute;
    const who = user.apiKey ? `key:${user.apiKey.id}` : `user:${user.id}`;
    const { totalHits, timeToExpire } = await this.storage.increment(who, WINDOW_SECONDS * 1_000, limit, 0, 'api');
    const res = http.getResponse<Response>();
    const reset = Math.max(1, timeToExpire);
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - totalHits)));
    res.setHeader('RateLimit-Reset', String(reset));
    res.setHeader('RateLimit-Policy', `${limit};w=${WINDOW_SECONDS}`);
    if (totalHits > limit) {
      res.setHeader('Retry-After', String(reset));
      throw new HttpException(
        `Too many requests: ${limit} a minute per user or API key; try again in ${reset} s`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
