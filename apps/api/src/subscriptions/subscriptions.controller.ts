import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { ClientAccess, CurrentUser, Roles, TeamDto, type AuthUser } from '../identity';
import { ClientSubscriptionDto, SetSeatLimitDto } from './dto/plans.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('subscription')
@ApiBearerAuth()
@ClientAccess()
@Controller('subscription')
export class SubscriptionController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your plan, seats and how long it runs' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  getSubscription(@CurrentUser() user: AuthUser): Promise<ClientSubscriptionDto> {
    return this.subscriptions.get(user.clientId!);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients')
export class AdminSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get(':id/subscription')
  @ApiOperation({ summary: 'A client’s plan, seats and period (admins)' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  getClientSubscription(@Param('id', ParseUUIDPipe) id: string): Promise<ClientSubscriptionDto> {
    return this.subscriptions.get(id);
  }

  @Patch(':id/seat-limit')
  @ApiOperation({
    summary: 'Set how many seats a client has (admins)',
    description: 'The seats beyond the plan’s and the bought ones are comped (given free), with the reason in the activity log.',
  })
  @ApiResponse({ status: 200, type: TeamDto })
  @ApiResponse({ status: 409, description: 'Fewer than the plan and bought seats give', type: ErrorResponseDto })
  setSeatLimit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetSeatLimitDto): Promise<TeamDto> {
    return this.subscriptions.setSeatLimit(id, user.id, dto.seatLimit, dto.reason);
  }
}
