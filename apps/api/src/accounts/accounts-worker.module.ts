import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { OutboxModule } from '../outbox';
import { StripeModule } from '../billing';
import { XeroModule } from '../xero';
import { UsersModule } from '../identity';
import { AccountsModule } from './accounts.module';
import { IntegrationsProcessor } from './integrations.processor';

/** The consumer of the integrations queue (worker only). */
@Module({
  imports: [AccountsModule, UsersModule, ActivityModule, OutboxModule, StripeModule, XeroModule],
  providers: [IntegrationsProcessor],
})
export class AccountsWorkerModule {}
