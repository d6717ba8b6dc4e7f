import { Module } from '@nestjs/common';
import { ClientsModule } from './clients';
import { IdentityModule } from './identity';
import { BillingModule } from './billing';
import { DashboardModule } from './dashboard';
import { CatalogModule } from './catalog';
import { HealthModule } from './health';
import { LeadsModule } from './leads';
import { NotificationsModule } from './notifications';
import { PrivacyModule } from './privacy';
import { AccountsModule } from './accounts';
import { WebhooksModule } from './webhooks';
import { XeroModule } from './xero';
import { SubscriptionsModule } from './subscriptions';
import { ENTITIES } from './app/data-source-options';
import { CoreModule } from './core/core.module';
import { MetricsModule } from './core/metrics/metrics.module';

/** The HTTP API. It produces jobs; the worker (WorkerModule) consumes them. */
@Module({
  imports: [
    CoreModule.forRoot(ENTITIES),
    ClientsModule,
    IdentityModule,
    AccountsModule,
    BillingModule,
    SubscriptionsModule,
    LeadsModule,
    CatalogModule,
    HealthModule,
    MetricsModule,
    XeroModule,
    WebhooksModule,
    NotificationsModule,
    PrivacyModule,
    DashboardModule,
  ],
})
export class AppModule {}
