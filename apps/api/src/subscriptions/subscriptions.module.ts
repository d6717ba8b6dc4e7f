import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { BillingModule } from '../billing';
import { IdentityModule } from '../identity';
import { OutboxModule } from '../outbox';
import { AdminInvoicesController, SubscriptionInvoicesController } from './invoices.controller';
import { InvoiceRepository } from './invoice.repository';
import { InvoicesService } from './invoices.service';
import { PlanRepository } from './plan.repository';
import { AdminPlansController, PlansController } from './plans.controller';
import { PlansService } from './plans.service';
import { SubscriptionRepository } from './subscription.repository';
import { AdminSubscriptionsController, SubscriptionController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';
import { SubscriptionBilling } from './subscription-billing.service';
import { SubscriptionCycle } from './subscription-cycle';
import { SubscriptionEvents } from './subscription-events';
import { SubscriptionChanges } from './subscription-changes';
import { AdminSubscriptionSummaryController } from './subscriptions.controller';

/** The platform subscription a client pays for its account: plans, each client's subscription, its seats. */
@Module({
  imports: [ActivityModule, OutboxModule, IdentityModule, BillingModule],
  controllers: [
    PlansController,
    AdminPlansController,
    SubscriptionController,
    AdminSubscriptionsController,
    SubscriptionInvoicesController,
    AdminInvoicesController,
    AdminSubscriptionSummaryController,
  ],
  providers: [
    PlansService,
    SubscriptionsService,
    InvoicesService,
    SubscriptionBilling,
    SubscriptionCycle,
    SubscriptionEvents,
    SubscriptionChanges,
    PlanRepository,
    SubscriptionRepository,
    InvoiceRepository,
  ],
  exports: [PlansService, SubscriptionsService, InvoicesService, SubscriptionBilling, SubscriptionCycle],
})
export class SubscriptionsModule {}
