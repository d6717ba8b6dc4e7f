import { Module } from '@nestjs/common';
import { BillingModule } from '../billing/billing.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OnboardingModule } from '../accounts/accounts.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../accounts/entities/client.entity';
import { InboundLeadsController } from './inbound-leads.controller';
import { ClientLeadsService } from './client-leads.service';
import { DeliveryService } from './delivery.service';
import { InboundLeadsService } from './inbound-leads.service';
import { AdminLeadsService } from './admin-leads.service';
import { AdminLeadsController, AdminReportsController, LeadsController } from './leads.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [BillingModule, OnboardingModule, NotificationsModule, TypeOrmModule.forFeature([Client])],
  controllers: [InboundLeadsController, LeadsController, AdminReportsController, AdminLeadsController],
  providers: [InboundLeadsService, DeliveryService, ClientLeadsService, ReportsService, AdminLeadsService],
  exports: [InboundLeadsService, DeliveryService],
})
export class LeadsModule {}
