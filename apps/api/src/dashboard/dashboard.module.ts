import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog';
import { AdminOverviewController, DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [CatalogModule],
  controllers: [DashboardController, AdminOverviewController],
  providers: [DashboardService, DashboardRepository],
})
export class DashboardModule {}
