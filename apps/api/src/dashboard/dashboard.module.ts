import { Module } from '@nestjs/common';
import { AdminOverviewController, DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

@Module({
  controllers: [DashboardController, AdminOverviewController],
  providers: [DashboardService, DashboardRepository],
})
export class DashboardModule {}
