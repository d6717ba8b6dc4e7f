import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { BillingModule } from '../billing';
import { IdentityModule } from '../identity';
import { OutboxModule } from '../outbox';
import { XeroModule } from '../xero';
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
import { SubscriptionXeroCatchUp } from './subscription-bookkeeping';
import { AdminSubscriptionSummaryController } from './subscriptions.controller';

/** The platform subscription a client pays for its account: plans, each client's subscription, its seats. */
@Module({
  imports: [ActivityModule, OutboxModule, IdentityModule, BillingModule, XeroModule],
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
    SubscriptionXeroCatchUp,
  ],
  exports: [PlansService, SubscriptionsService, InvoicesService, SubscriptionBilling, SubscriptionCycle, InvoiceRepository],
})
export class SubscriptionsModule {}
