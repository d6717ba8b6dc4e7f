export { SubscriptionsModule } from './subscriptions.module';
export { PlansService } from './plans.service';
export { SubscriptionsService } from './subscriptions.service';
export { seatsToKeep } from './seats';
export { ClientSubscription, SUBSCRIPTION_STATUSES } from './entities/client-subscription.entity';
export type { SubscriptionStatus } from './entities/client-subscription.entity';
export { Plan, BILLING_PERIODS } from './entities/plan.entity';
export type { BillingPeriod } from './entities/plan.entity';
export { ClientSubscriptionDto, PlanDto } from './dto/plans.dto';
