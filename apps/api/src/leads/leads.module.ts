import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts';
import { BillingModule } from '../billing';
import { CatalogModule } from '../catalog';
import { Client } from '../clients';
import { OutboxModule } from '../outbox';
import { AdminLeadsRepository } from './admin-leads.repository';
import { AdminLeadsService } from './admin-leads.service';
import { ClientLeadsRepository } from './client-leads.repository';
import { LeadReportRepository } from './lead-report.repository';
import { BuyersRepository } from './buyers.repository';
import { ClientLeadsService } from './client-leads.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { AdminDistributionController, IngestController, PingPostController } from './distribution.controller';
import { DistributionService } from './distribution.service';
import { InboundLeadsController } from './inbound-leads.controller';
import { InboundLeadsService } from './inbound-leads.service';
import { LeadErasureService } from './lead-erasure.service';
import { LeadRepository } from './lead.repository';
import { AdminLeadsController, AdminReportsController, AdminReturnRulesController, LeadsController } from './leads.controller';
import { ClientReturnRuleRepository } from './client-return-rule.repository';
import { ReportsService } from './reports.service';
import { PingPostService } from './ping-post.service';
import { PingRepository } from './ping.repository';

/** Leads: intake (LeadByte's buyer URLs, suppliers' campaigns), distribution, delivery, the buyers' lead lists and reports. */
@Module({
  imports: [BillingModule, AccountsModule, CatalogModule, OutboxModule, ActivityModule, TypeOrmModule.forFeature([Client])],
  controllers: [
    InboundLeadsController,
    LeadsController,
    AdminReportsController,
    AdminReturnRulesController,
    AdminLeadsController,
    IngestController,
    PingPostController,
    AdminDistributionController,
  ],
  providers: [
    InboundLeadsService,
    DistributionService,
    DeliveryService,
    ClientLeadsService,
    ReportsService,
    AdminLeadsService,
    LeadErasureService,
    BuyersRepository,
    LeadRepository,
    DeliveryRepository,
    LeadReportRepository,
    ClientReturnRuleRepository,
    AdminLeadsRepository,
    ClientLeadsRepository,
    PingRepository,
    PingPostService,
  ],
  exports: [InboundLeadsService, DistributionService, DeliveryService, PingPostService, LeadErasureService],
})
export class LeadsModule {}
