import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentMethod } from '../billing/entities/payment-method.entity';
import { StripeModule } from '../billing/stripe.module';
import { ActivityModule } from '../activity';
import { LeadPreferencesRepository } from './lead-preferences.repository';
import { ActivityController, AdminActivityController } from './activity.controller';
import { ClientAccessGuard } from '../identity/client-access.guard';
import { Client } from './entities/client.entity';
import { User } from '../identity/entities/user.entity';
import { OutboxModule } from '../outbox';
import { XeroModule } from '../xero/xero.module';
import { AccountController } from './account.controller';
import { AdminClientsController } from './admin-clients.controller';
import { AdminClientsService } from './admin-clients.service';
import { CardsService } from '../billing/cards.service';
import { Industry } from '../catalog/entities/industry.entity';
import { IntegrationState } from './entities/integration-state.entity';
import { LeadPreferences } from './entities/lead-preferences.entity';
import { IntegrationsService } from './integrations.service';
import { LeadbyteClient } from './leadbyte.client';
import { OnboardingCompletion } from './onboarding-completion.service';
import { OnboardingController } from './onboarding.controller';
import { OnboardingService } from './onboarding.service';

const SERVICES = [
  OnboardingService,
  OnboardingCompletion,
  CardsService,
  IntegrationsService,
  AdminClientsService,
  LeadbyteClient,
  LeadPreferencesRepository,

  ClientAccessGuard,
];

@Module({
  imports: [
    ActivityModule,
    OutboxModule,
    TypeOrmModule.forFeature([Client, User, Industry, LeadPreferences, IntegrationState, PaymentMethod]),
    StripeModule,
    XeroModule,
  ],
  controllers: [OnboardingController, AccountController, AdminClientsController, ActivityController, AdminActivityController],
  providers: SERVICES,
  exports: [...SERVICES, TypeOrmModule],
})
export class OnboardingModule {}
