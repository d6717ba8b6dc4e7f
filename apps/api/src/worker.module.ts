import { Module } from '@nestjs/common';
import { CoreModule } from './core/core.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { OnboardingWorkerModule } from './onboarding/onboarding-worker.module';
import { XeroModule } from './xero/xero.module';

/**
 * The worker: no HTTP, consumes the Bull queues (notifications, integrations; autocharge gets
 * its processor with billing).
 */
@Module({
  imports: [CoreModule, NotificationsWorkerModule, OnboardingWorkerModule, XeroModule],
})
export class WorkerModule {}
