import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { BillingController } from './billing.controller';
import { StripeWebhookController } from './stripe-webhook.controller';
import { StripeModule } from './stripe.module';

@Module({
  imports: [StripeModule, OnboardingModule],
  controllers: [BillingController, StripeWebhookController],
})
export class BillingModule {}
