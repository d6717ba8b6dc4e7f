import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { XeroConnection } from './entities/xero-connection.entity';
import { XeroConnectionRepository } from './xero-connection.repository';
import { XeroAdminController } from './xero-admin.controller';
import { XeroCallbackController } from './xero-callback.controller';
import { XeroConcurrencyLimiter } from './xero-concurrency';
import { XeroIdentityClient } from './xero-identity.client';
import { XeroService } from './xero.service';

/** The Xero connection (admin OAuth2) and XeroService, which the onboarding jobs call in the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([XeroConnection])],
  controllers: [XeroAdminController, XeroCallbackController],
  providers: [XeroService, XeroConnectionRepository, XeroIdentityClient, XeroConcurrencyLimiter],
  exports: [XeroService],
})
export class XeroModule {}
