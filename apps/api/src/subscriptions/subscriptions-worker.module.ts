import { Module } from '@nestjs/common';
import { SubscriptionCycleSchedule, SubscriptionsProcessor } from './subscriptions.processor';
import { SubscriptionsModule } from './subscriptions.module';

/** The consumer of the subscriptions queue and the cycle's schedule (worker only). */
@Module({
  imports: [SubscriptionsModule],
  providers: [SubscriptionsProcessor, SubscriptionCycleSchedule],
})
export class SubscriptionsWorkerModule {}
