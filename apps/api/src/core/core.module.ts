import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from '../app/data-source-options';
import { LoggingModule } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { Transactions } from './database/transactions';
import { JobQueue } from './queue/job-queue';
import { ParkedJobsRepository } from './queue/parked-jobs.repository';
import { QueueRegistry } from './queue/queue-registry';
import { QueueModule } from './queue/queue.module';
import { RateLimiter } from './redis/rate-limiter';
import { RedisModule } from './redis/redis.module';

/** What both processes share: config, logs, PostgreSQL, Redis and the queues. */
@Global()
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl.reveal(), config.databasePoolSize),
    }),
    RedisModule,
    QueueModule,
  ],
  providers: [QueueRegistry, MetricsService, JobQueue, ParkedJobsRepository, RateLimiter, Transactions],
  exports: [
    ConfigModule,
    RedisModule,
    QueueModule,
    QueueRegistry,
    MetricsService,
    JobQueue,
    ParkedJobsRepository,
    RateLimiter,
    Transactions,
  ],
})
export class CoreModule {}
