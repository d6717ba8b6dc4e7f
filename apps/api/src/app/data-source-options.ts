import type { DataSourceOptions } from 'typeorm';
import { dataSourceOptions as coreOptions } from '../core/database/data-source-options';
import { PasswordResetToken, RefreshToken, User, UserIdentity, ClientApiKey, ClientInvite, TeamInvite } from '../identity';
import { Client } from '../clients';
import { CreditAccount, LeadSpendHour, LedgerEntry, Payment, PaymentMethod, StripeEvent, UsageRecord } from '../billing';
import { ActivityLog } from '../activity';
import { CampaignSubscription, Campaign, Supplier, Industry } from '../catalog';
import { ClientReturnRule, Delivery, DeliveryCount, DeliveryHour, LeadPing, LeadReport, Lead, SupplierHour } from '../leads';
import { IntegrationState, LeadPreferences } from '../accounts';
import { NotificationPreferences, SentEmail, SmsMessage, SmsNumber } from '../notifications';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../webhooks';
import { XeroConnection } from '../xero';
import { OutboxEvent } from '../outbox';
import { PrivacyRequest } from '../privacy';
import { ClientSubscription, DocumentCounter, Plan, SubscriptionCreditNote, SubscriptionInvoice } from '../subscriptions';
import { ParkedJob } from '../core/queue/parked-job.entity';

/** Every entity, listed explicitly (no globs: the same list works under tsc, swc and Jest). */
export const ENTITIES = [
  User,
  Client,
  RefreshToken,
  UserIdentity,
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
  LeadSpendHour,
  Payment,
  Lead,
  LeadPing,
  Delivery,
  DeliveryCount,
  DeliveryHour,
  SupplierHour,
  Campaign,
  CampaignSubscription,
  Supplier,
  LeadReport,
  ClientReturnRule,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  NotificationPreferences,
  SentEmail,
  SmsNumber,
  SmsMessage,
  UsageRecord,
  TeamInvite,
  ClientApiKey,
  ParkedJob,
  PrivacyRequest,
  Plan,
  ClientSubscription,
  SubscriptionInvoice,
  SubscriptionCreditNote,
  DocumentCounter,
];

/** The app's database: every entity, every migration (the API, the worker, the CLI tools and the tests). */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return coreOptions(url, ENTITIES, poolSize);
}
