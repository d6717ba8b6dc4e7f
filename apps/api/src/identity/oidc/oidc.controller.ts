import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '../../core/http/error-response.dto';
import { Public } from '../../core/http/public.decorator';
import { CurrentUser, type AuthUser } from '../decorators/current-user.decorator';
import { AuthTokensDto } from '../dto/auth.dto';
import {
  AuthorizeUrlDto,
  ProviderCallbackDto,
  ProviderSignInDto,
  ProviderSignUpDto,
  SetPasswordDto,
  SignInMethodsDto,
  SignInProviderDto,
  StartProviderSignInDto,
} from '../dto/oidc.dto';
import { AuthThrottlerGuard } from '../guards/auth-throttler.guard';
import { OIDC_COOKIE, readCookie, SessionCookies } from '../session-cookies';
import { OidcProviders } from './oidc-providers';
import { OidcService } from './oidc.service';

const Provider = () => ApiParam({ name: 'provider', example: 'google', description: 'A provider of GET /api/auth/oidc/providers' });
const Unknown = () => ApiResponse({ status: 404, description: 'No such provider is configured', type: ErrorResponseDto });
const Unreachable = () => ApiResponse({ status: 503, description: 'The provider cannot be reached', type: ErrorResponseDto });
const Binds = `Sets the httpOnly \`${OIDC_COOKIE}\` cookie that ties the flow to this browser (the callback must come with it).`;

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly providers: OidcProviders,
    private readonly cookies: SessionCookies,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The providers people can sign in with ("Continue with Google")' })
  @ApiResponse({ status: 200, type: [SignInProviderDto] })
  listProviders(): SignInProviderDto[] {
    return this.providers.list();
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post(':provider/start')
  @HttpCode(HttpStatus.OK)
  @Provider()
  @ApiOperation({
    summary: 'Start signing in (or up) with a provider',
    description: `The authorization-code flow with PKCE, state and nonce: send the browser to \`authorizeUrl\`; the provider sends it back to the app's /auth/callback/{provider}. ${Binds}`,
  })
  @ApiResponse({ status: 200, type: AuthorizeUrlDto })
  @ApiResponse({ status: 400, description: 'Invalid input; `details` names each field', type: ErrorResponseDto })
  @Unknown()
  @Unreachable()
  async startSignIn(
    @Param('provider') provider: string,
    @Body() dto: StartProviderSignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthorizeUrlDto> {
    const { authorizeUrl, binding } = await this.oidc.start(provider, this.oidc.signInIntent(dto));
    this.cookies.setOidcBinding(req, res, binding);
    return { authorizeUrl };
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post(':provider/callback')
  @HttpCode(HttpStatus.OK)
  @Provider()
  @ApiOperation({
    summary: 'Finish a provider sign-in with the code and state it returned',
    description:
      'Exchanges the code (with the PKCE verifier) and verifies the ID token: signature against the provider’s keys, issuer, audience, expiry, nonce, and a verified email. A `state` works once. On `signed_in` the refresh token is set in its cookie, as for a password login.',
  })
  @ApiResponse({ status: 200, type: ProviderSignInDto })
  @ApiResponse({ status: 400, description: 'Unknown, used or expired state, or from another browser', type: ErrorResponseDto })
  @ApiResponse({ status: 401, description: 'The provider’s answer could not be verified (the reason is named)', type: ErrorResponseDto })
  @ApiResponse({
    status: 403,
    description: 'The provider has not verified the email; or an admin where admins use passwords',
    type: ErrorResponseDto,
  })
  @ApiResponse({ status: 409, description: 'Linking: the identity belongs to another account', type: ErrorResponseDto })
  @Unknown()
  @Unreachable()
  async finishSignIn(
    @Param('provider') provider: string,
    @Body() dto: ProviderCallbackDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProviderSignInDto> {
    const binding = readCookie(req, OIDC_COOKIE);
    this.cookies.clearOidcBinding(req, res);
    const outcome = await this.oidc.finish(provider, dto.code, dto.state, binding);
    if (outcome.session) this.cookies.setRefresh(req, res, outcome.session.refreshToken);
    return outcome.dto;
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('sign-up')
  @ApiOperation({
    summary: 'Create the account of a new person a provider vouched for',
    description:
      'With the token of a `sign_up_required` answer: the name (prefilled from the provider) and a phone number. The email is the provider’s verified one; the account has no password until one is set. Signs in (refresh token in its cookie).',
  })
  @ApiResponse({ status: 201, type: AuthTokensDto })
  @ApiResponse({ status: 400, description: 'Invalid input, or the token is expired or used', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'An account with this email already exists', type: ErrorResponseDto })
  async signUp(@Body() dto: ProviderSignUpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthTokensDto> {
    const { session } = await this.oidc.signUp(dto);
    this.cookies.setRefresh(req, res, session.refreshToken);
    return session.body;
  }
}

/** Account settings: how the signed-in person signs in (password, linked providers). */
@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class SignInMethodsController {
  constructor(
    private readonly oidc: OidcService,
    private readonly cookies: SessionCookies,
  ) {}

  @Get('sign-in-methods')
  @ApiOperation({ summary: 'Your password and linked providers' })
  @ApiResponse({ status: 200, type: SignInMethodsDto })
  getSignInMethods(@CurrentUser() user: AuthUser): Promise<SignInMethodsDto> {
    return this.oidc.methods(user.id);
  }

  @Post('sign-in-methods/:provider/link')
  @HttpCode(HttpStatus.OK)
  @Provider()
  @ApiOperation({
    summary: 'Link a provider to your account',
    description: `Send the browser to \`authorizeUrl\`; back at /auth/callback/{provider} the callback answers \`linked\`. ${Binds}`,
  })
  @ApiResponse({ status: 200, type: AuthorizeUrlDto })
  @Unknown()
  @Unreachable()
  async linkProvider(
    @CurrentUser() user: AuthUser,
    @Param('provider') provider: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthorizeUrlDto> {
    const { authorizeUrl, binding } = await this.oidc.start(provider, { kind: 'link', userId: user.id });
    this.cookies.setOidcBinding(req, res, binding);
    return { authorizeUrl };
  }

  @Delete('sign-in-methods/:provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Provider()
  @ApiOperation({ summary: 'Unlink a provider (not your last way to sign in)' })
  @ApiResponse({ status: 204, description: 'Unlinked' })
  @ApiResponse({ status: 400, description: 'That provider is not linked', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'It is your only way to sign in, or admins must keep it', type: ErrorResponseDto })
  async unlinkProvider(@CurrentUser() user: AuthUser, @Param('provider') provider: string): Promise<void> {
    await this.oidc.unlink(user.id, provider);
  }

  @Put('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set or change your password',
    description: 'An account made with a provider sets its first password without `currentPassword`; otherwise it is required.',
  })
  @ApiResponse({ status: 204, description: 'Saved' })
  @ApiResponse({ status: 400, description: 'Weak new password, or the current one is missing or wrong', type: ErrorResponseDto })
  async setPassword(@CurrentUser() user: AuthUser, @Body() dto: SetPasswordDto): Promise<void> {
    await this.oidc.setPassword(user.id, dto.currentPassword, dto.newPassword);
  }
}
