export { OnboardingModule } from './accounts.module';
export { Client } from './entities/client.entity';
export { LeadPreferences } from './entities/lead-preferences.entity';
export { LeadPreferencesRepository } from './lead-preferences.repository';
