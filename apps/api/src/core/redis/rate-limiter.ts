import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from './redis.module';

/*
 * A token bucket per key, as GCRA: the key holds the "theoretical arrival time" of the next request;
 * a request is let in when that time is at most `burst` intervals ahead of now. Redis's own clock, so
 * every API instance counts against the same bucket. Returns { allowed, remaining, ms until the next
 * request is let in (refused) or until the bucket is full again (allowed) }.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local nextTat = tat + interval
local allowAt = nextTat - burst * interval
if allowAt > now then return { 0, 0, math.ceil(allowAt - now) } end
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now))
return { 1, math.floor((now - allowAt) / interval), math.ceil(nextTat - now) }
`;

/** How long a lead may wait for Redis's answer, and how long the limiter then stops asking. */
const TIMEOUT_MS = 100;
const PAUSE_MS = 5_000;

export interface RateDecision {
  allowed: boolean;
  /** Requests that could be sent at once now. */
  remaining: number;
  /** Refused: seconds until one is let in again. Allowed: seconds until the bucket is full again. */
  resetSeconds: number;
}

/**
 * Rate limits on paths that must not depend on Redis (leads in). Fails open, and fast: while the
 * connection is down it does not ask at all; when Redis answers slower than TIMEOUT_MS the request
 * goes through and Redis is left alone for PAUSE_MS. A lead is never refused or held up because
 * Redis is away — only counted less strictly.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);
  private pausedUntil = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Takes one request from `key`'s bucket (`perSecond` sustained, `burst` at once); null when Redis could not say. */
  async take(key: string, perSecond: number, burst: number): Promise<RateDecision | null> {
    if (this.redis.status !== 'ready' || Date.now() < this.pausedUntil) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = (await Promise.race([
        this.redis.eval(TAKE, 1, `${this.config.redisPrefix}:rate:${key}`, 1_000 / perSecond, burst),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ])) as [number, number, number];
      const [allowed, remaining, ms] = answer;
      return { allowed: allowed === 1, remaining, resetSeconds: Math.max(1, Math.ceil(ms / 1_000)) };
    } catch (err) {
      this.pausedUntil = Date.now() + PAUSE_MS;
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        `Rate limit not counted for ${PAUSE_MS / 1_000} s: Redis unavailable`,
      );
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
