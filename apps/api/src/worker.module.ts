import { Module } from '@nestjs/common';
import { ClientsModule } from './clients';
import { BillingWorkerModule } from './billing';
import { NotificationsWorkerModule } from './notifications';
import { PrivacyWorkerModule } from './privacy';
import { AccountsWorkerModule } from './accounts';
import { WebhooksWorkerModule } from './webhooks';
import { XeroModule } from './xero';
import { LeadsWorkerModule } from './leads';
import { SubscriptionsWorkerModule } from './subscriptions';
import { ENTITIES } from './app/data-source-options';
import { CoreModule } from './core/core.module';
import { LegacyQueueDrain } from './core/queue/legacy-queue-drain';
import { ParkedJobsRelay } from './core/queue/parked-jobs-relay';

/**
 * The worker: no HTTP, consumes the Bull queues: notifications (email), integrations
 * (Stripe/LeadByte/Xero registration, Xero invoices), webhooks (the outbox relay and the sender), autocharge (auto-charges, weekly invoices)
 * privacy (the lead retention run) and subscriptions (the billing cycle); the ping expiry sweep;
 * and the relay that queues the jobs parked in PostgreSQL while Redis was away.
 */
@Module({
  imports: [
    CoreModule.forRoot(ENTITIES),
    ClientsModule,
    NotificationsWorkerModule,
    AccountsWorkerModule,
    BillingWorkerModule,
    XeroModule,
    WebhooksWorkerModule,
    LeadsWorkerModule,
    PrivacyWorkerModule,
    SubscriptionsWorkerModule,
  ],
  providers: [ParkedJobsRelay, LegacyQueueDrain],
})
export class WorkerModule {}
