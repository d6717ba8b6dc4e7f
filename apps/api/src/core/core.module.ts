import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import type { DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from './database/data-source-options';
import { LoggingModule } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { Transactions } from './database/transactions';
import { NotificationsQueue } from './queue/email-queue';
import { JobQueue } from './queue/job-queue';
import { ParkedJobsRepository } from './queue/parked-jobs.repository';
import { QueueRegistry } from './queue/queue-registry';
import { QueueModule } from './queue/queue.module';
import { RateLimiter } from './redis/rate-limiter';
import { RedisModule } from './redis/redis.module';

const PROVIDERS = [QueueRegistry, MetricsService, JobQueue, NotificationsQueue, ParkedJobsRepository, RateLimiter, Transactions];

/**
 * What both processes share: config, logs, PostgreSQL, Redis and the queues. The app passes its
 * entities in (`CoreModule.forRoot(ENTITIES)`), so core imports no feature module.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule,
        LoggingModule,
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl.reveal(), entities, config.databasePoolSize),
        }),
        RedisModule,
        QueueModule,
      ],
      providers: PROVIDERS,
      exports: [ConfigModule, RedisModule, QueueModule, ...PROVIDERS],
    };
  }
}
