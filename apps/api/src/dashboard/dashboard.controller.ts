import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles, ClientAccess } from '../identity';
import { AdminOverviewDto, DashboardDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@ClientAccess({ onboarded: true })
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    summary: 'Your home screen: balance, caps, 30 days of leads and spend, recent leads, what needs attention, and the balance runway',
    description:
      'The runway forecasts, from the last 14 days, when the credit runs out and whether auto-charge fires first; `runway.method` explains how.',
  })
  @ApiResponse({ status: 200, type: DashboardDto })
  getDashboard(@CurrentUser() user: AuthUser): Promise<DashboardDto> {
    return this.dashboard.forClient(user.clientId!);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/overview')
export class AdminOverviewController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    summary: 'The admin home: today’s leads, revenue, top buyers, report rates, supplier volumes, queues and integration failures (admins)',
  })
  @ApiResponse({ status: 200, type: AdminOverviewDto })
  getAdminOverview(): Promise<AdminOverviewDto> {
    return this.dashboard.forAdmin();
  }
}
