import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientAccessGuard } from '../identity/client-access.guard';
import { Client } from '../accounts/entities/client.entity';
import { AdminOverviewController, DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TypeOrmModule.forFeature([Client])],
  controllers: [DashboardController, AdminOverviewController],
  providers: [DashboardService, ClientAccessGuard],
})
export class DashboardModule {}
