import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../core/config/app-config';
import { REDIS } from '../core/redis/redis.module';
import { XeroRateLimitedError } from './xero.errors';

/** Xero allows 5 concurrent calls per tenant (per app), counted across all our processes. */
export const XERO_MAX_CONCURRENT = 5;
/** A slot left by a crashed process frees itself after this long. */
const SLOT_TTL_MS = 60_000;
/** How long a caller waits for a free slot before giving up with XeroRateLimitedError. */
const MAX_WAIT_MS = 10_000;

// A sorted set of holders scored by expiry (Redis time): drop expired holders, then take a slot if one is free.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

export function xeroConcurrencyKey(redisPrefix: string, tenantId: string): string {
  return `${redisPrefix}:xero:concurrency:${tenantId}`;
}

/** A Redis counting semaphore per Xero tenant. */
@Injectable()
export class XeroConcurrencyLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async run<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    const key = xeroConcurrencyKey(this.config.redisPrefix, tenantId);
    const holder = randomUUID();
    const deadline = Date.now() + MAX_WAIT_MS;
    let delay = 20;
    while ((await this.redis.eval(ACQUIRE, 1, key, XERO_MAX_CONCURRENT, SLOT_TTL_MS, holder)) !== 1) {
      if (Date.now() >= deadline) throw new XeroRateLimitedError(1_000);
      await sleep(delay + Math.floor(Math.random() * delay));
      delay = Math.min(delay * 2, 200);
    }
    try {
      return await fn();
    } finally {
      await this.redis.zrem(key, holder).catch(() => undefined);
    }
  }
}
