import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { BillingModule, StripeModule } from '../billing';
import { CatalogModule } from '../catalog';
import { XeroModule } from '../xero';
import { UsersModule } from '../identity';
import { OutboxModule } from '../outbox';
import { AccountController } from './account.controller';
import { ActivityController, AdminActivityController } from './activity.controller';
import { AdminClientsController } from './admin-clients.controller';
import { AdminClientsRepository } from './admin-clients.repository';
import { AdminClientsService } from './admin-clients.service';
import { BuyerProfileRepository } from './buyer-profile.repository';
import { IntegrationState } from './entities/integration-state.entity';
import { LeadPreferences } from './entities/lead-preferences.entity';
import { IntegrationStateRepository } from './integration-state.repository';
import { IntegrationsService } from './integrations.service';
import { LeadPreferencesRepository } from './lead-preferences.repository';
import { LeadbyteClient } from './leadbyte.client';
import { OnboardingCompletion } from './onboarding-completion.service';
import { OnboardingController } from './onboarding.controller';
import { OnboardingService } from './onboarding.service';

const SERVICES = [OnboardingService, OnboardingCompletion, IntegrationsService, AdminClientsService, LeadbyteClient];
const REPOSITORIES = [LeadPreferencesRepository, IntegrationStateRepository, BuyerProfileRepository, AdminClientsRepository];

/** The client's account: onboarding, admin client management, registrations with Stripe, LeadByte and Xero, the activity log. */
@Module({
  imports: [
    ActivityModule,
    OutboxModule,
    UsersModule,
    BillingModule,
    CatalogModule,
    StripeModule,
    XeroModule,
    TypeOrmModule.forFeature([LeadPreferences, IntegrationState]),
  ],
  controllers: [OnboardingController, AccountController, AdminClientsController, ActivityController, AdminActivityController],
  providers: [...SERVICES, ...REPOSITORIES],
  exports: [...SERVICES, ...REPOSITORIES],
})
export class AccountsModule {}
