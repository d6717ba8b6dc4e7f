import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { LeadPreferencesRepository } from '../accounts';
import { UsageService } from '../billing';
import { AppConfig } from '../core/config/app-config';
import { ClientAccess, CurrentUser, Roles, type AuthUser } from '../identity';
import { AdminUsageDto, NotificationLogPageDto, NotificationLogQueryDto, UsageDto, UsageQueryDto } from './dto/notification-log.dto';
import { NotificationLogService } from './notification-log.service';

/** This month in a time zone, as YYYY-MM. */
function monthIn(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone }).format(at).slice(0, 7);
}

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller()
export class NotificationLogController {
  constructor(
    private readonly log: NotificationLogService,
    private readonly usage: UsageService,
    private readonly leadPrefs: LeadPreferencesRepository,
    private readonly config: AppConfig,
  ) {}

  @Get('notifications/log')
  @ApiOperation({ summary: 'Every email, text and webhook sent for your account, newest first' })
  @ApiResponse({ status: 200, type: NotificationLogPageDto })
  getNotificationLog(@CurrentUser() user: AuthUser, @Query() q: NotificationLogQueryDto): Promise<NotificationLogPageDto> {
    return this.log.page(user.clientId!, q);
  }

  @Get('usage')
  @ApiOperation({ summary: 'What your text alerts cost in a month, by channel and by day (your time zone)' })
  @ApiResponse({ status: 200, type: UsageDto })
  async getUsage(@CurrentUser() user: AuthUser, @Query() q: UsageQueryDto): Promise<UsageDto> {
    const timeZone = (await this.leadPrefs.byClient(user.clientId!))?.timeZone ?? 'Europe/London';
    const month = q.month ?? monthIn(timeZone);
    const { totals, days } = await this.usage.ofClient(user.clientId!, month, timeZone);
    return { month, pricePerSegment: this.config.sms.pricePerSegment, totals, days };
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminNotificationLogController {
  constructor(
    private readonly log: NotificationLogService,
    private readonly usage: UsageService,
    private readonly config: AppConfig,
  ) {}

  @Get('clients/:id/notifications')
  @ApiOperation({ summary: 'A client’s notification log (admins)' })
  @ApiResponse({ status: 200, type: NotificationLogPageDto })
  getClientNotificationLog(@Param('id', ParseUUIDPipe) id: string, @Query() q: NotificationLogQueryDto): Promise<NotificationLogPageDto> {
    return this.log.page(id, q);
  }

  @Get('usage')
  @ApiOperation({ summary: 'Usage per client in a month, with its cost against what clients paid (admins)' })
  @ApiResponse({ status: 200, type: AdminUsageDto })
  async getAdminUsage(@Query() q: UsageQueryDto): Promise<AdminUsageDto> {
    const month = q.month ?? monthIn(this.config.billing.timeZone);
    const clients = await this.usage.perClient(month);
    return {
      month,
      pricePerSegment: this.config.sms.pricePerSegment,
      costPerSegment: this.config.sms.costPerSegment,
      clients,
      revenue: clients.reduce((s, c) => s + c.revenue, 0),
      cost: clients.reduce((s, c) => s + c.cost, 0),
    };
  }
}
