import { Module } from '@nestjs/common';
import { BillingWorkerModule } from './billing/billing-worker.module';
import { ENTITIES } from './app/data-source-options';
import { CoreModule } from './core/core.module';
import { LegacyQueueDrain } from './core/queue/legacy-queue-drain';
import { ParkedJobsRelay } from './core/queue/parked-jobs-relay';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { OnboardingWorkerModule } from './accounts/accounts-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';
import { XeroModule } from './xero/xero.module';

/**
 * The worker: no HTTP, consumes the Bull queues: notifications (email), integrations
 * (Stripe/LeadByte/Xero registration, Xero invoices), webhooks (the outbox relay and the sender) and autocharge (auto-charges, weekly invoices);
 * and the relay that queues the jobs parked in PostgreSQL while Redis was away.
 */
@Module({
  imports: [
    CoreModule.forRoot(ENTITIES),
    NotificationsWorkerModule,
    OnboardingWorkerModule,
    BillingWorkerModule,
    XeroModule,
    WebhooksWorkerModule,
  ],
  providers: [ParkedJobsRelay, LegacyQueueDrain],
})
export class WorkerModule {}
