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

/** A shared Redis client for app-level use (rate limits, health). Bull opens its own. */
@Global()
@Module({
  providers: [{ provide: REDIS, inject: [AppConfig], useFactory: (config: AppConfig) => createRedis(config, 'app') }, RedisCloser],
  exports: [REDIS],
})
export class RedisModule {}
