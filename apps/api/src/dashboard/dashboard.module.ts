import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '../clients';
import { AdminOverviewController, DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TypeOrmModule.forFeature([Client])],
  controllers: [DashboardController, AdminOverviewController],
  providers: [DashboardService],
})
export class DashboardModule {}
