import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { WebhooksWorkerModule } from '../webhooks';
import { XeroModule } from '../xero';
import { SubscriptionBookkeeping, SubscriptionXeroSweep } from './subscription-bookkeeping';
import { SubscriptionCycleSchedule, SubscriptionsProcessor } from './subscriptions.processor';
import { SubscriptionsModule } from './subscriptions.module';

/** The consumer of the subscriptions queue, the cycle's schedule and the invoices' Xero mirror (worker only). */
@Module({
  imports: [SubscriptionsModule, ClientsModule, XeroModule, WebhooksWorkerModule],
  providers: [SubscriptionsProcessor, SubscriptionCycleSchedule, SubscriptionBookkeeping, SubscriptionXeroSweep],
})
export class SubscriptionsWorkerModule {}
