import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';

export const REDIS = Symbol('REDIS');

/** Opens a Redis connection that fails commands fast while Redis is down instead of queueing them. */
export function createRedis(config: AppConfig, name: string): Redis {
  return new Redis(config.redisUrl.reveal(), {
    connectionName: `leadflow:${name}`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
  });
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/**
 * Waits (briefly) for the connection, so the first request does not meet a client that refuses
 * commands because it is still connecting. A Redis that is down at boot does not stop the boot:
 * /api/health reports it and the client keeps reconnecting.
 */
async function connected(redis: Redis, timeoutMs = 5_000): Promise<Redis> {
  if (redis.status === 'ready') return redis;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return redis;
}

/** A shared Redis client for app-level use (rate limits, health). Bull opens its own. */
@Global()
@Module({
  providers: [
    { provide: REDIS, inject: [AppConfig], useFactory: (config: AppConfig) => connected(createRedis(config, 'app')) },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
