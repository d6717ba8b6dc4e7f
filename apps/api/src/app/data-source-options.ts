import type { DataSourceOptions } from 'typeorm';
import { PasswordResetToken } from '../identity/entities/password-reset-token.entity';
import { RefreshToken } from '../identity/entities/refresh-token.entity';
import { Client } from '../accounts/entities/client.entity';
import { User } from '../identity/entities/user.entity';
import { CreditAccount } from '../billing/entities/credit-account.entity';
import { LedgerEntry } from '../billing/entities/ledger-entry.entity';
import { Payment } from '../billing/entities/payment.entity';
import { PaymentMethod } from '../billing/entities/payment-method.entity';
import { StripeEvent } from '../billing/entities/stripe-event.entity';
import { ActivityLog } from '../activity/entities/activity-log.entity';
import { ClientApiKey } from '../identity/entities/api-key.entity';
import { ClientInvite } from '../accounts/entities/client-invite.entity';
import { TeamInvite } from '../identity/entities/team-invite.entity';
import { CampaignSubscription } from '../catalog/entities/campaign-subscription.entity';
import { Campaign } from '../catalog/entities/campaign.entity';
import { Supplier } from '../catalog/entities/supplier.entity';
import { Industry } from '../catalog/entities/industry.entity';
import { Delivery } from '../leads/entities/delivery.entity';
import { DeliveryCount } from '../leads/entities/delivery-count.entity';
import { LeadReport } from '../leads/entities/lead-report.entity';
import { Lead } from '../leads/entities/lead.entity';
import { IntegrationState } from '../accounts/entities/integration-state.entity';
import { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import { NotificationPreferences } from '../notifications/entities/notification-preferences.entity';
import { OutboxEvent } from '../webhooks/entities/outbox-event.entity';
import { WebhookAttempt } from '../webhooks/entities/webhook-attempt.entity';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint.entity';
import { XeroConnection } from '../xero/entities/xero-connection.entity';
import { Init1763780000000 } from '../core/database/migrations/1763780000000-init';
import { Onboarding1795316469821 } from '../core/database/migrations/1795316469821-onboarding';
import { XeroConnectedAt1795318070193 } from '../core/database/migrations/1795318070193-xero-connected-at';
import { Billing1795318165986 } from '../core/database/migrations/1795318165986-billing';
import { Leads1795320071717 } from '../core/database/migrations/1795320071717-leads';
import { Distribution1795320255190 } from '../core/database/migrations/1795320255190-distribution';
import { LeadReports1795321261977 } from '../core/database/migrations/1795321261977-lead-reports';
import { EmailNewLeads1795322385096 } from '../core/database/migrations/1795322385096-email-new-leads';
import { Webhooks1795324167006 } from '../core/database/migrations/1795324167006-webhooks';
import { TeamAndApiKeys1795327463171 } from '../core/database/migrations/1795327463171-team-and-api-keys';
import { WebhookDispatchIndex1795328592358 } from '../core/database/migrations/1795328592358-webhook-dispatch-index';
import { ParkedJobs1795331000000 } from '../core/database/migrations/1795331000000-parked-jobs';
import { ReadPathIndexes1795331742190 } from '../core/database/migrations/1795331742190-read-path-indexes';
import { DeliveryCounts1795342103417 } from '../core/database/migrations/1795342103417-delivery-counts';
import { LeadContact1796285178330 } from '../core/database/migrations/1796285178330-lead-contact';
import { ClientIdempotencyKeys1796286028515 } from '../core/database/migrations/1796286028515-client-idempotency-keys';
import { ParkedJob } from '../core/queue/parked-job.entity';

/** Every entity, listed explicitly (no globs: the same list works under tsc, swc and Jest). */
export const ENTITIES = [
  User,
  Client,
  RefreshToken,
  PasswordResetToken,
  Industry,
  LeadPreferences,
  IntegrationState,
  PaymentMethod,
  StripeEvent,
  OutboxEvent,
  ActivityLog,
  ClientInvite,
  XeroConnection,
  CreditAccount,
  LedgerEntry,
  Payment,
  Lead,
  Delivery,
  DeliveryCount,
  Campaign,
  CampaignSubscription,
  Supplier,
  LeadReport,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  NotificationPreferences,
  TeamInvite,
  ClientApiKey,
  ParkedJob,
];
export const MIGRATIONS = [
  Init1763780000000,
  Onboarding1795316469821,
  XeroConnectedAt1795318070193,
  Billing1795318165986,
  Leads1795320071717,
  Distribution1795320255190,
  LeadReports1795321261977,
  EmailNewLeads1795322385096,
  Webhooks1795324167006,
  TeamAndApiKeys1795327463171,
  WebhookDispatchIndex1795328592358,
  ParkedJobs1795331000000,
  ReadPathIndexes1795331742190,
  DeliveryCounts1795342103417,
  LeadContact1796285178330,
  ClientIdempotencyKeys1796286028515,
];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // Fail fast when PostgreSQL is unreachable instead of queueing requests forever.
    extra: { max: poolSize, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 },
  };
}
