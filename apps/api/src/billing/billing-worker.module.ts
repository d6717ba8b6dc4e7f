import { Module } from '@nestjs/common';
import { XeroModule } from '../xero';
import { BillingSweep } from './billing-sweep';
import { BillingModule } from './billing.module';
import { BillingProcessor, WeeklyInvoiceSchedule } from './billing.processor';
import { StripeModule } from './stripe.module';
import { XeroBillingProcessor } from './xero-billing.processor';

/** The consumers of billing jobs (worker only). */
@Module({
  imports: [BillingModule, StripeModule, XeroModule],
  providers: [BillingProcessor, WeeklyInvoiceSchedule, XeroBillingProcessor, BillingSweep],
})
export class BillingWorkerModule {}
