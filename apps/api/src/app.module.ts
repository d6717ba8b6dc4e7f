import { Module } from '@nestjs/common';
import { AuthModule } from './identity/auth.module';
import { BillingModule } from './billing/billing.module';
import { ClientsModule } from './identity/team.module';
import { ENTITIES } from './app/data-source-options';
import { CoreModule } from './core/core.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { CatalogModule } from './catalog/catalog.module';
import { HealthModule } from './health/health.module';
import { LeadsModule } from './leads/leads.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OnboardingModule } from './accounts/accounts.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { XeroModule } from './xero/xero.module';

/** The HTTP API. It produces jobs; the worker (WorkerModule) consumes them. */
@Module({
  imports: [
    CoreModule.forRoot(ENTITIES),
    AuthModule,
    ClientsModule,
    OnboardingModule,
    BillingModule,
    LeadsModule,
    CatalogModule,
    HealthModule,
    MetricsModule,
    XeroModule,
    WebhooksModule,
    NotificationsModule,
    DashboardModule,
  ],
})
export class AppModule {}
