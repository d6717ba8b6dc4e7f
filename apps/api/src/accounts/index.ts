export { AccountsModule } from './accounts.module';
export { LeadPreferences } from './entities/lead-preferences.entity';
export { LeadPreferencesRepository } from './lead-preferences.repository';
export { AccountsWorkerModule } from './accounts-worker.module';
export { IntegrationState } from './entities/integration-state.entity';
export type { Weekday } from './entities/lead-preferences.entity';
export { businessNameKey } from './postcodes';
export { normalisePostcode } from './postcodes';
