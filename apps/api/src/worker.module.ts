import { Module } from '@nestjs/common';
import { CoreModule } from './core/core.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';

/**
 * The worker: no HTTP, consumes the Bull queues. The autocharge and integrations queues get
 * their processors with billing and onboarding.
 */
@Module({
  imports: [CoreModule, NotificationsWorkerModule],
})
export class WorkerModule {}
