import { Module } from '@nestjs/common';
import { XeroModule } from '../xero';
import { BillingSweep } from './billing-sweep';
import { BillingModule } from './billing.module';
import { BillingProcessor, WeeklyInvoiceSchedule } from './billing.processor';
import { StripeModule } from './stripe.module';
import { XeroBookkeeping } from './xero-bookkeeping.service';

/** The consumers of billing jobs (worker only). */
@Module({
  imports: [BillingModule, StripeModule, XeroModule],
  providers: [BillingProcessor, WeeklyInvoiceSchedule, XeroBookkeeping, BillingSweep],
})
export class BillingWorkerModule {}
