import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { OutboxModule } from '../outbox';
import { LedgerRepository } from './ledger.repository';
import { StripeEventsRepository } from './stripe-events.repository';
import { StripeEventsService } from './stripe-events.service';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../accounts/entities/client.entity';
import { OnboardingModule } from '../accounts/accounts.module';
import { AdminBillingController } from './admin-billing.controller';
import { AdminBillingService } from './admin-billing.service';
import { AutoChargeService } from './auto-charge.service';
import { BillingController } from './billing.controller';
import { BillingService } from './billing.service';
import { CreditAccount } from './entities/credit-account.entity';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { Payment } from './entities/payment.entity';
import { LedgerService } from './ledger.service';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeModule } from './stripe.module';
import { XeroModule } from '../xero/xero.module';
import { WeeklyInvoicesService } from './weekly-invoices.service';
import { XeroCatchUp } from './xero-catch-up.service';

const SERVICES = [
  LedgerService,
  PaymentsService,
  AutoChargeService,
  WeeklyInvoicesService,
  BillingService,
  AdminBillingService,
  RefundsService,
  StripeEventsService,
];

@Module({
  imports: [
    OutboxModule,
    ActivityModule,
    TypeOrmModule.forFeature([Client, CreditAccount, LedgerEntry, Payment]),
    StripeModule,
    OnboardingModule,
    XeroModule,
  ],
  controllers: [BillingController, AdminBillingController, StripeWebhookController],
  providers: [...SERVICES, LedgerRepository, StripeEventsRepository, XeroCatchUp],
  exports: [...SERVICES, LedgerRepository],
})
export class BillingModule {}
