import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from './decorators/current-user.decorator';
import { Roles } from './decorators/roles.decorator';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { ClientAccess, OwnerOnly } from './client-access.guard';
import {
  ApiKeyDto,
  ApiKeyWithSecretDto,
  CreateApiKeyDto,
  CreatedTeamInviteDto,
  InviteTeamMemberDto,
  SetTeamRoleDto,
  TeamDto,
} from './dto/team.dto';
import { TeamService } from './team.service';

const OwnersOnly = () => ApiResponse({ status: 403, description: 'Members cannot do this; owners only', type: ErrorResponseDto });

@ApiTags('team')
@ApiBearerAuth()
@ClientAccess()
@Controller('team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'The people on your account, pending invites and seats' })
  @ApiResponse({ status: 200, type: TeamDto })
  getTeam(@CurrentUser() user: AuthUser): Promise<TeamDto> {
    return this.team.get(user.clientId!);
  }

  @Post('invites')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Invite a colleague by email (owners)',
    description: 'They get a sign-up link valid for 7 days. Members and pending invites together may not exceed the seat limit.',
  })
  @ApiResponse({ status: 201, type: CreatedTeamInviteDto })
  @ApiResponse({
    status: 409,
    description: 'No seat left, already on the team, or already invited (whether the email has an account elsewhere is never said)',
    type: ErrorResponseDto,
  })
  @OwnersOnly()
  inviteTeamMember(@CurrentUser() user: AuthUser, @Body() dto: InviteTeamMemberDto): Promise<CreatedTeamInviteDto> {
    return this.team.invite(user.clientId!, user.id, dto);
  }

  @Delete('invites/:id')
  @OwnerOnly()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a pending invite (owners)' })
  @ApiResponse({ status: 204 })
  @OwnersOnly()
  revokeTeamInvite(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.team.revokeInvite(user.clientId!, user.id, id);
  }

  @Put('members/:id/role')
  @OwnerOnly()
  @ApiOperation({ summary: 'Make someone an owner or a member (owners)', description: 'An account always keeps at least one owner.' })
  @ApiResponse({ status: 200, type: TeamDto })
  @OwnersOnly()
  setTeamRole(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetTeamRoleDto): Promise<TeamDto> {
    return this.team.setRole(user.clientId!, user.id, id, dto.role);
  }

  @Delete('members/:id')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Remove someone from the account (owners)',
    description: 'Their sign-in stops working and the API keys they created are revoked.',
  })
  @ApiResponse({ status: 200, type: TeamDto })
  @OwnersOnly()
  removeTeamMember(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<TeamDto> {
    return this.team.remove(user.clientId!, user.id, id);
  }
}

@ApiTags('api keys')
@ApiBearerAuth()
@ClientAccess()
@OwnerOnly()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'Your API keys, newest first (owners)' })
  @ApiResponse({ status: 200, type: [ApiKeyDto] })
  @OwnersOnly()
  listApiKeys(@CurrentUser() user: AuthUser): Promise<ApiKeyDto[]> {
    return this.team.listKeys(user.clientId!);
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key for your own systems (owners)',
    description:
      'The key is in the answer, once; only its hash is kept. Send it as `Authorization: Bearer lf_…`. It can do only what its scopes allow.',
  })
  @ApiResponse({ status: 201, type: ApiKeyWithSecretDto })
  @OwnersOnly()
  createApiKey(@CurrentUser() user: AuthUser, @Body() dto: CreateApiKeyDto): Promise<ApiKeyWithSecretDto> {
    return this.team.createKey(user.clientId!, user.id, dto);
  }

  @Post(':id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API key (owners): it stops working at once' })
  @ApiResponse({ status: 200, type: ApiKeyDto })
  @ApiResponse({ status: 404, description: 'Not one of your keys', type: ErrorResponseDto })
  @OwnersOnly()
  revokeApiKey(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyDto> {
    return this.team.revokeKey(user.clientId!, user.id, id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients')
export class AdminTeamController {
  constructor(private readonly team: TeamService) {}

  @Get(':id/team')
  @ApiOperation({ summary: 'A client’s people, invites and seats (admins)' })
  @ApiResponse({ status: 200, type: TeamDto })
  getClientTeam(@Param('id', ParseUUIDPipe) id: string): Promise<TeamDto> {
    return this.team.get(id);
  }
}
