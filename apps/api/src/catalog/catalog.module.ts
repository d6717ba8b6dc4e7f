import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { AdminCampaignsController, AdminSuppliersController } from './catalog-admin.controller';
import { CampaignRotationRepository } from './campaign-rotation.repository';
import { CampaignRepository } from './campaign.repository';
import { CampaignsService } from './campaigns.service';
import { AdminIndustriesController, IndustriesController } from './industries.controller';
import { IndustriesService } from './industries.service';
import { IndustryRepository } from './industry.repository';
import { SupplierRepository } from './supplier.repository';
import { SuppliersService } from './suppliers.service';

/** What leads are sold through: industries, campaigns with their subscriptions and rotation, suppliers. */
@Module({
  imports: [ActivityModule],
  controllers: [IndustriesController, AdminIndustriesController, AdminCampaignsController, AdminSuppliersController],
  providers: [
    IndustriesService,
    CampaignsService,
    SuppliersService,
    IndustryRepository,
    CampaignRotationRepository,
    SupplierRepository,
    CampaignRepository,
  ],
  exports: [IndustriesService, CampaignsService, SuppliersService, CampaignRotationRepository, IndustryRepository],
})
export class CatalogModule {}
