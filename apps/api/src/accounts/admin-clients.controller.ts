import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { AdminClientsService } from './admin-clients.service';
import {
  AdminClientDto,
  AdminClientPageDto,
  CreateInviteDto,
  InviteDto,
  ListClientsQueryDto,
  SetBillingModeDto,
} from './dto/admin-clients.dto';
import { IntegrationStateDto } from './dto/onboarding.dto';
import { INTEGRATION_KINDS, type IntegrationKind } from './entities/integration-state.entity';

const NotFound = () => ApiResponse({ status: 404, description: 'No client with that id', type: ErrorResponseDto });

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminClientsController {
  constructor(private readonly clients: AdminClientsService) {}

  @Get('clients')
  @ApiOperation({ summary: 'Clients with their onboarding and integration state (admins)' })
  @ApiResponse({ status: 200, type: AdminClientPageDto })
  listClients(@Query() query: ListClientsQueryDto): Promise<AdminClientPageDto> {
    return this.clients.list(query);
  }

  @Get('clients/:id')
  @ApiOperation({ summary: 'One client in full (admins)' })
  @ApiResponse({ status: 200, type: AdminClientDto })
  @NotFound()
  getClient(@Param('id', ParseUUIDPipe) id: string): Promise<AdminClientDto> {
    return this.clients.get(id);
  }

  @Patch('clients/:id/billing-mode')
  @ApiOperation({
    summary: 'Make a client billable or non-billable (admins)',
    description: 'Non-billable clients skip the card step and all credit features.',
  })
  @ApiResponse({ status: 200, type: AdminClientDto })
  @NotFound()
  setBillingMode(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetBillingModeDto,
  ): Promise<AdminClientDto> {
    return this.clients.setBillingMode(id, user.id, dto);
  }

  @Post('clients/:id/integrations/:kind/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Retry a Stripe, LeadByte or Xero registration now (admins)' })
  @ApiParam({ name: 'kind', enum: INTEGRATION_KINDS })
  @ApiResponse({ status: 202, type: IntegrationStateDto })
  @NotFound()
  retryIntegration(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('kind', new ParseEnumPipe(Object.fromEntries(INTEGRATION_KINDS.map((k) => [k, k])))) kind: IntegrationKind,
  ): Promise<IntegrationStateDto> {
    return this.clients.retry(id, kind);
  }

  @Post('invites')
  @ApiOperation({
    summary: 'A sign-up link that pre-sets the billing mode (admins)',
    description: 'Send the URL to the new client; the token is shown once.',
  })
  @ApiResponse({ status: 201, type: InviteDto })
  createInvite(@CurrentUser() user: AuthUser, @Body() dto: CreateInviteDto): Promise<InviteDto> {
    return this.clients.createInvite(user.id, dto);
  }
}
