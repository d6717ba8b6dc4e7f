import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog';
import { ActivityModule } from '../activity';
import { OutboxModule } from '../outbox';
import { LedgerRepository } from './ledger.repository';
import { StripeEventsRepository } from './stripe-events.repository';
import { StripeEventsService } from './stripe-events.service';
import { ClientsModule } from '../clients';
import { CardsService } from './cards.service';
import { PaymentMethodRepository } from './payment-method.repository';
import { PaymentRepository } from './payment.repository';
import { AdminBillingController } from './admin-billing.controller';
import { AdminBillingService } from './admin-billing.service';
import { AutoChargeService } from './auto-charge.service';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { LedgerService } from './ledger.service';
import { PaymentsService } from './payments.service';
import { ReceiptsService } from './receipts.service';
import { RefundsService } from './refunds.service';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeModule } from './stripe.module';
import { XeroModule } from '../xero';
import { WeeklyInvoicesService } from './weekly-invoices.service';
import { XeroCatchUp } from './xero-catch-up.service';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

const SERVICES = [
  LedgerService,
  PaymentsService,
  AutoChargeService,
  WeeklyInvoicesService,
  BillingService,
  AdminBillingService,
  RefundsService,
  StripeEventsService,
  CardsService,
  ReceiptsService,
  UsageService,
];

@Module({
  imports: [OutboxModule, ActivityModule, ClientsModule, CatalogModule, StripeModule, XeroModule],
  controllers: [BillingController, AdminBillingController, StripeWebhookController],
  providers: [
    ...SERVICES,
    LedgerRepository,
    PaymentRepository,
    PaymentMethodRepository,
    StripeEventsRepository,
    XeroCatchUp,
    UsageRepository,
  ],
  exports: [...SERVICES, LedgerRepository, PaymentRepository],
})
export class BillingModule {}
