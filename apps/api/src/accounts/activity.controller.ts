import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles, ClientAccess } from '../identity';
import { PageQueryDto } from '../core/http/pagination';
import { ActivityPageDto, ActivityService } from '../activity';

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller('activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({
    summary: 'Every change to your account, newest first',
    description: 'Who (you, a colleague, an admin or the system), what, and the values before and after.',
  })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  listActivity(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<ActivityPageDto> {
    return this.activity.page(user.clientId!, q.page, q.pageSize);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients')
export class AdminActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get(':id/activity')
  @ApiOperation({ summary: 'A client’s activity log, newest first (admins)' })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  listClientActivity(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<ActivityPageDto> {
    return this.activity.page(id, q.page, q.pageSize);
  }
}
