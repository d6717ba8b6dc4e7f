import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { AppConfig } from '../core/config/app-config';
import { RateLimiter } from '../core/redis/rate-limiter';

/**
 * The public lead routes' limit: INGEST_RATE_LIMIT_PER_SECOND sustained and INGEST_RATE_LIMIT_BURST at
 * once, per LeadByte lead URL (the `token` parameter) and per supplier key (`X-API-Key`), counted in
 * Redis across API instances — so one runaway sender cannot starve the others. It runs before the
 * key or token is looked up, so wrong keys are limited too; only a hash of them reaches Redis. Every
 * counted answer carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; past the
 * limit, 429 with `Retry-After`. Without Redis, leads go through uncounted (see RateLimiter).
 */
@Injectable()
export class IngestRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const token = req.params.token;
    const apiKey = req.header('x-api-key');
    const sender = typeof token === 'string' ? `lead-url:${digest(token)}` : apiKey ? `supplier-key:${digest(apiKey)}` : null;
    if (!sender) return true; // no key: answered 401 without any work
    const { perSecond, burst } = this.config.ingestRateLimit;
    const decision = await this.limiter.take(`ingest:${sender}`, perSecond, burst);
    if (!decision) return true;
    const res = http.getResponse<Response>();
    res.setHeader('RateLimit-Limit', String(burst));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    res.setHeader('RateLimit-Reset', String(decision.resetSeconds));
    if (decision.allowed) return true;
    res.setHeader('Retry-After', String(decision.resetSeconds));
    const who = typeof token === 'string' ? 'this lead URL' : 'this supplier key';
    throw new HttpException(
      `Too many leads for ${who}: ${perSecond} a second, bursts of ${burst}; try again in ${decision.resetSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The 429's headers, for the routes' OpenAPI responses. */
export const RATE_LIMITED_HEADERS = { 'Retry-After': { description: 'Seconds to wait before sending again', schema: { type: 'integer' } } };

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 24);
