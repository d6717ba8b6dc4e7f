import type { DataSourceOptions } from 'typeorm';
import { dataSourceOptions as coreOptions } from '../core/database/data-source-options';
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
import { OutboxEvent } from '../outbox';
import { WebhookAttempt } from '../webhooks/entities/webhook-attempt.entity';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint.entity';
import { XeroConnection } from '../xero/entities/xero-connection.entity';
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

/** The app's database: every entity, every migration (the API, the worker, the CLI tools and the tests). */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return coreOptions(url, ENTITIES, poolSize);
}
