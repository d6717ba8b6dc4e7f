import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ClientsModule } from './clients/clients.module';
import { CoreModule } from './core/core.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { HealthModule } from './health/health.module';

/** The HTTP API. It produces jobs; the worker (WorkerModule) consumes them. */
@Module({
  imports: [CoreModule, AuthModule, ClientsModule, HealthModule, MetricsModule],
})
export class AppModule {}
