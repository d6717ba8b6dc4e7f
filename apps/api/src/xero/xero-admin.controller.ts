import { Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { XeroAuthorizeUrlDto, XeroStatusDto } from './dto/xero.dto';
import { XeroService } from './xero.service';

const Unauthorised = () => ApiResponse({ status: 401, description: 'No or invalid token', type: ErrorResponseDto });
const NotAdmin = () => ApiResponse({ status: 403, description: 'Not an admin', type: ErrorResponseDto });

@ApiTags('xero')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/xero')
export class XeroAdminController {
  constructor(private readonly xero: XeroService) {}

  @Get()
  @ApiOperation({ summary: 'Xero connection status (admins only)' })
  @ApiResponse({ status: 200, type: XeroStatusDto })
  @Unauthorised()
  @NotAdmin()
  getXeroStatus(): Promise<XeroStatusDto> {
    return this.xero.status();
  }

  @Post('connect')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Start connecting Xero (admins only)',
    description: "Returns Xero's consent URL; Xero sends the admin back to /api/xero/callback.",
  })
  @ApiResponse({ status: 200, type: XeroAuthorizeUrlDto })
  @Unauthorised()
  @NotAdmin()
  async connectXero(@CurrentUser() user: AuthUser): Promise<XeroAuthorizeUrlDto> {
    return { authorizeUrl: await this.xero.authorizeUrl(user.id) };
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Disconnect Xero (admins only)',
    description: 'Forgets the tokens and removes the connection on Xero when reachable.',
  })
  @ApiResponse({ status: 204, description: 'Disconnected (or was not connected)' })
  @Unauthorised()
  @NotAdmin()
  disconnectXero(): Promise<void> {
    return this.xero.disconnect();
  }
}
