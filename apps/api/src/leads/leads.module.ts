import { Module } from '@nestjs/common';
import { BillingModule } from '../billing/billing.module';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { InboundLeadsController } from './inbound-leads.controller';
import { DeliveryService } from './delivery.service';
import { InboundLeadsService } from './inbound-leads.service';

@Module({
  imports: [BillingModule, OnboardingModule],
  controllers: [InboundLeadsController],
  providers: [InboundLeadsService, DeliveryService],
  exports: [InboundLeadsService, DeliveryService],
})
export class LeadsModule {}
