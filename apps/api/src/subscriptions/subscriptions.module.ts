import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
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

/** The platform subscription a client pays for its account: plans, each client's subscription, its seats. */
@Module({
  imports: [ActivityModule, OutboxModule, IdentityModule],
  controllers: [
    PlansController,
    AdminPlansController,
    SubscriptionController,
    AdminSubscriptionsController,
    SubscriptionInvoicesController,
    AdminInvoicesController,
  ],
  providers: [PlansService, SubscriptionsService, InvoicesService, PlanRepository, SubscriptionRepository, InvoiceRepository],
  exports: [PlansService, SubscriptionsService, InvoicesService],
})
export class SubscriptionsModule {}
