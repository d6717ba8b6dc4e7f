import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { OutboxModule } from '../outbox';
import { StripeModule } from '../billing/stripe.module';
import { XeroModule } from '../xero/xero.module';
import { OnboardingModule } from './accounts.module';
import { IntegrationsProcessor } from './integrations.processor';

/** The consumer of the integrations queue (worker only). */
@Module({
  imports: [OnboardingModule, ActivityModule, OutboxModule, StripeModule, XeroModule],
  providers: [IntegrationsProcessor],
})
export class OnboardingWorkerModule {}
