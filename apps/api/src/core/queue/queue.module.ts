import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { QUEUE_NAMES } from './queues';

const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redisUrl.reveal(),
        prefix: `${config.redisPrefix}:bull`,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        // A job whose worker died (its lock not renewed) goes back to waiting at the next stalled check.
        settings: { lockDuration: config.queue.lockDurationMs, stalledInterval: config.queue.stalledIntervalMs },
      }),
    }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  exports: [BullModule],
})
export class QueueModule {}
