import Redis from 'ioredis';
import { RedisThrottlerStorage } from '../src/identity/redis-throttler.storage';
import { loadConfig } from '../src/core/config/app-config';
import { freePort } from '../../../scripts/lib/services.cjs';

describe('rate limits while Redis is down', () => {
  it('lets the request through instead of failing it, and counts again once Redis is back', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
      REDIS_URL: process.env.REDIS_URL,
      JWT_SECRET: 'x'.repeat(32),
      SMTP_URL: 'smtp://127.0.0.1:1',
      ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      LEADBYTE_API_URL: 'http://127.0.0.1:1',
      LEADBYTE_API_KEY: 'leadbyte-x',
      XERO_CLIENT_ID: 'x',
      XERO_CLIENT_SECRET: 'x',
      REDIS_PREFIX: `test-down-${Date.now()}`,
    });
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const record = await new RedisThrottlerStorage(down, config).increment('k', 60_000, 1, 0, 'ip');
    expect(record).toMatchObject({ totalHits: 0, isBlocked: false });
    down.disconnect();

    const up = new Redis(config.redisUrl.reveal());
    const storage = new RedisThrottlerStorage(up, config);
    expect((await storage.increment('k', 60_000, 1, 60_000, 'ip')).totalHits).toBe(1);
    expect(await storage.increment('k', 60_000, 1, 60_000, 'ip')).toMatchObject({ totalHits: 2, isBlocked: true });
    up.disconnect();
  });
});
