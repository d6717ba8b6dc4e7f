import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientAccess, CurrentUser, type AuthUser } from '../identity';
import { NotificationPreferencesDto } from './notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller('notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly prefs: NotificationPreferencesService) {}

  @Get()
  @ApiOperation({ summary: 'Which emails your account’s owner gets' })
  @ApiResponse({ status: 200, type: NotificationPreferencesDto })
  async getNotificationPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesDto> {
    return this.prefs.get(user.clientId!);
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
    return this.prefs.set(user.clientId!, user.id, dto);
  }
}
