import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { OnboardingModule } from '../accounts/accounts.module';
import { CampaignsService } from './campaigns.service';
import { AdminDistributionController, IngestController } from '../leads/distribution.controller';
import { DistributionService } from '../leads/distribution.service';
import { SuppliersService } from './suppliers.service';

@Module({
  imports: [LeadsModule, OnboardingModule],
  controllers: [IngestController, AdminDistributionController],
  providers: [DistributionService, CampaignsService, SuppliersService],
  exports: [DistributionService],
})
export class DistributionModule {}
