import { Module } from '@nestjs/common';
import { OnboardingModule } from '../accounts/accounts.module';
import { ActivityModule } from '../activity';
import { CampaignRotationRepository } from './campaign-rotation.repository';
import { CampaignsService } from './campaigns.service';
import { SupplierRepository } from './supplier.repository';
import { SuppliersService } from './suppliers.service';

/** What leads are sold through: industries, campaigns with their subscriptions and rotation, suppliers. */
@Module({
  imports: [OnboardingModule, ActivityModule],
  providers: [CampaignsService, SuppliersService, CampaignRotationRepository, SupplierRepository],
  exports: [CampaignsService, SuppliersService, CampaignRotationRepository],
})
export class CatalogModule {}
