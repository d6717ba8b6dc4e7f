import Redis from 'ioredis';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/core/config/app-config';
import { RateLimiter } from '../src/core/redis/rate-limiter';
import { freePort } from '../../../scripts/lib/services.cjs';

/** The lead routes' rate limiter: shared by API instances through Redis, and never a reason for a lead to wait when Redis is away. */
describe('the ingest rate limiter and Redis', () => {
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
    REDIS_PREFIX: `test-ingest-limit-${Date.now()}`,
  });
  const ready = (redis: Redis) =>
    new Promise<Redis>((resolve) => (redis.status === 'ready' ? resolve(redis) : redis.once('ready', () => resolve(redis))));
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const start = performance.now();
    const value = await work();
    return { value, ms: performance.now() - start };
  };

  it('counts one bucket across API instances: a burst, then refusals with the wait', async () => {
    const [a, b] = await Promise.all([ready(new Redis(config.redisUrl.reveal())), ready(new Redis(config.redisUrl.reveal()))]);
    try {
      const instances = [new RateLimiter(a, config), new RateLimiter(b, config)];
      const decisions = [];
      for (let i = 0; i < 6; i += 1) decisions.push(await instances[i % 2]!.take('shared', 1, 4));
      expect(decisions.map((d) => d?.allowed)).toEqual([true, true, true, true, false, false]);
      expect(decisions.map((d) => d?.remaining)).toEqual([3, 2, 1, 0, 0, 0]);
      expect(decisions[4]!.resetSeconds).toBe(1);
      expect((await instances[0]!.take('another', 1, 4))?.allowed).toBe(true);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it('lets a lead through at once while Redis is down', async () => {
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const { value, ms } = await timed(() => new RateLimiter(down, config).take('k', 1, 1));
    expect(value).toBeNull();
    expect(ms).toBeLessThan(20);
    down.disconnect();
  });

  it('waits at most 100 ms for a Redis that does not answer, then stops asking for a while', async () => {
    // A "Redis" that answers the client's handshake, then hangs (as one stopped with SIGSTOP does).
    const sockets: Socket[] = [];
    let answering = true;
    const server: Server = createServer((s) => {
      sockets.push(s);
      // One +OK per command (each starts with a RESP array header, `*<n>`), however the chunks fall.
      s.on('data', (d: Buffer) => answering && s.write('+OK\r\n'.repeat(String(d).match(/(?:^|\r\n)\*\d+\r\n/g)?.length ?? 0)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hung = new Redis({
      port: (server.address() as AddressInfo).port,
      host: '127.0.0.1',
      enableReadyCheck: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    try {
      await ready(hung);
      answering = false;
      const limiter = new RateLimiter(hung, config);
      const first = await timed(() => limiter.take('k', 1, 1));
      expect(first.value).toBeNull();
      // Bounded (a hung Redis would otherwise hold the request until the test times out); the margin
      // over 100 ms absorbs a loaded CI machine.
      expect(first.ms).toBeLessThan(1_000);
      const next = await timed(() => limiter.take('k', 1, 1));
      expect(next.value).toBeNull();
      // Not asked again: asking would cost the 100 ms wait.
      expect(next.ms).toBeLessThan(90);
    } finally {
      hung.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
