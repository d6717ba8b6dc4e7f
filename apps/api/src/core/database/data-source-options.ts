import type { DataSourceOptions } from 'typeorm';
import { Init1763780000000 } from './migrations/1763780000000-init';
import { Onboarding1795316469821 } from './migrations/1795316469821-onboarding';
import { XeroConnectedAt1795318070193 } from './migrations/1795318070193-xero-connected-at';
import { Billing1795318165986 } from './migrations/1795318165986-billing';
import { Leads1795320071717 } from './migrations/1795320071717-leads';
import { Distribution1795320255190 } from './migrations/1795320255190-distribution';
import { LeadReports1795321261977 } from './migrations/1795321261977-lead-reports';
import { EmailNewLeads1795322385096 } from './migrations/1795322385096-email-new-leads';
import { Webhooks1795324167006 } from './migrations/1795324167006-webhooks';
import { TeamAndApiKeys1795327463171 } from './migrations/1795327463171-team-and-api-keys';
import { WebhookDispatchIndex1795328592358 } from './migrations/1795328592358-webhook-dispatch-index';
import { ParkedJobs1795331000000 } from './migrations/1795331000000-parked-jobs';
import { ReadPathIndexes1795331742190 } from './migrations/1795331742190-read-path-indexes';
import { DeliveryCounts1795342103417 } from './migrations/1795342103417-delivery-counts';
import { LeadContact1796285178330 } from './migrations/1796285178330-lead-contact';
import { ClientIdempotencyKeys1796286028515 } from './migrations/1796286028515-client-idempotency-keys';
import { PaymentFailureDetail1796400000000 } from './migrations/1796400000000-payment-failure-detail';
import { ReportEmails1796500000000 } from './migrations/1796500000000-report-emails';
import { PaymentXeroInvoiceNumber1796600000000 } from './migrations/1796600000000-payment-xero-invoice-number';
import { UserIdentities1796700000000 } from './migrations/1796700000000-user-identities';
import { LeadSearchTrigram1796800000000 } from './migrations/1796800000000-lead-search-trigram';
import { HourlyRollups1796900000000 } from './migrations/1796900000000-hourly-rollups';
import { SupplierHours1797000000000 } from './migrations/1797000000000-supplier-hours';
import { SpendLimits1797100000000 } from './migrations/1797100000000-spend-limits';
import { SmsAlertsAndUsage1797200000000 } from './migrations/1797200000000-sms-alerts-and-usage';
import { ReturnRules1797300000000 } from './migrations/1797300000000-return-rules';
import { PingPost1797400000000 } from './migrations/1797400000000-ping-post';
import { DataProtection1797500000000 } from './migrations/1797500000000-data-protection';
import { Plans1797600000000 } from './migrations/1797600000000-plans';
import { SubscriptionInvoices1797700000000 } from './migrations/1797700000000-subscription-invoices';
import { SubscriptionCycle1797800000000 } from './migrations/1797800000000-subscription-cycle';

/** Every migration, in order (listed, not globbed: the same list works under tsc, swc and Jest). */
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
  PaymentFailureDetail1796400000000,
  ReportEmails1796500000000,
  PaymentXeroInvoiceNumber1796600000000,
  UserIdentities1796700000000,
  LeadSearchTrigram1796800000000,
  HourlyRollups1796900000000,
  SupplierHours1797000000000,
  SpendLimits1797100000000,
  SmsAlertsAndUsage1797200000000,
  ReturnRules1797300000000,
  PingPost1797400000000,
  DataProtection1797500000000,
  Plans1797600000000,
  SubscriptionInvoices1797700000000,
  SubscriptionCycle1797800000000,
];

/** The entities are the app's (app/entities.ts): core knows no feature module. */
export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'], poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
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
