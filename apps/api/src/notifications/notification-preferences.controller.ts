import { txOf } from '../core/database/transactions';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CurrentUser, type AuthUser } from '../identity/decorators/current-user.decorator';
import { ActivityService } from '../activity/activity.service';
import { ClientAccess } from '../identity/client-access.guard';
import { LeadPreferences } from '../accounts/entities/lead-preferences.entity';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { NotificationPreferencesDto } from './notification-preferences.dto';

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller('notification-preferences')
export class NotificationPreferencesController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly activity: ActivityService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Which emails your account’s owner gets' })
  @ApiResponse({ status: 200, type: NotificationPreferencesDto })
  async getNotificationPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesDto> {
    return this.read(user.clientId!);
  }

  @Put()
  @ApiOperation({
    summary: 'Choose which emails your account’s owner gets',
    description: 'Password resets and security emails are always sent.',
  })
  @ApiResponse({ status: 200, type: NotificationPreferencesDto })
  async setNotificationPreferences(
    @CurrentUser() user: AuthUser,
    @Body() dto: NotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    const clientId = user.clientId!;
    const before = await this.read(clientId);
    await this.db.transaction(async (tx) => {
      await tx.upsert(
        NotificationPreferences,
        { clientId, lowBalance: dto.lowBalance, payments: dto.payments, invoices: dto.invoices, webhookFailures: dto.webhookFailures },
        ['clientId'],
      );
      await tx.update(LeadPreferences, { clientId }, { emailNewLeads: dto.newLead });
      await this.activity.record(txOf(tx), {
        clientId,
        actorUserId: user.id,
        action: 'notification_preferences.updated',
        before,
        after: { ...dto },
      });
    });
    return this.read(clientId);
  }

  private async read(clientId: string): Promise<NotificationPreferencesDto> {
    const prefs = await this.db.manager.findOne(NotificationPreferences, { where: { clientId } });
    const lead = await this.db.manager.findOne(LeadPreferences, { where: { clientId }, select: { clientId: true, emailNewLeads: true } });
    return {
      newLead: lead?.emailNewLeads ?? false,
      lowBalance: prefs?.lowBalance ?? true,
      payments: prefs?.payments ?? true,
      invoices: prefs?.invoices ?? true,
      webhookFailures: prefs?.webhookFailures ?? true,
    };
  }
}
