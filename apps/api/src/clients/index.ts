export { Client, CLIENT_STATUSES, BILLING_MODES, ONBOARDING_STEPS } from './client.entity';
export type { ClientStatus, BillingMode, OnboardingStep } from './client.entity';
export * from './onboarding-steps';
export { ClientRepository } from './client.repository';
export type { ClientPatch, ClientLink } from './client.repository';
export { ClientsModule } from './clients.module';
