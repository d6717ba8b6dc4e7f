import { Module } from '@nestjs/common';
import { StripeModule } from '../billing/stripe.module';
import { XeroModule } from '../xero/xero.module';
import { OnboardingModule } from './accounts.module';
import { IntegrationsProcessor } from './integrations.processor';

/** The consumer of the integrations queue (worker only). */
@Module({
  imports: [OnboardingModule, StripeModule, XeroModule],
  providers: [IntegrationsProcessor],
})
export class OnboardingWorkerModule {}
