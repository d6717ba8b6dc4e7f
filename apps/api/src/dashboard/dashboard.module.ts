import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientAccessGuard } from '../clients/client-access.guard';
import { Client } from '../clients/entities/client.entity';
import { AdminOverviewController, DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TypeOrmModule.forFeature([Client])],
  controllers: [DashboardController, AdminOverviewController],
  providers: [DashboardService, ClientAccessGuard],
})
export class DashboardModule {}
