import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthThrottlerGuard } from './guards/auth-throttler.guard';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { AuthService, type SignedIn } from './auth.service';
import { CurrentUser, type AuthUser } from './decorators/current-user.decorator';
import { Public } from '../core/http/public.decorator';
import { Roles } from './decorators/roles.decorator';
import { AcceptedDto, AuthTokensDto, ForgotPasswordDto, LoginDto, MeDto, RegisterDto, ResetPasswordDto } from './dto/auth.dto';
import { PasswordResetService } from './password-reset.service';
import {
  BOARD_COOKIE,
  BOARD_COOKIE_PATH,
  BOARD_SESSION_SECONDS,
  CSRF_HEADER,
  readCookie,
  REFRESH_COOKIE,
  SessionCookies,
} from './session-cookies';

const Invalid = () => ApiResponse({ status: 400, description: 'Invalid input; `details` names each field', type: ErrorResponseDto });
const SetsSession =
  "Sets the session's refresh token as the httpOnly `leadflow_refresh` cookie (SameSite=Strict, Secure on https, sent only to /api/auth/refresh and /api/auth/logout); it is never in the body.";
const CookieRoute = () =>
  ApiHeader({
    name: CSRF_HEADER,
    required: true,
    description: 'Any value: proves the request comes from a page allowed to call the API (a cross-site form or fetch cannot send it)',
  });
const TooMany = () => ApiResponse({ status: 429, description: 'Too many attempts from this IP or for this email', type: ErrorResponseDto });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
    private readonly cookies: SessionCookies,
  ) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('register')
  @ApiOperation({
    summary: 'Create a client account',
    description: `Creates the user and its client account (which starts onboarding), queues a welcome email, and signs in. ${SetsSession}`,
  })
  @ApiResponse({ status: 201, type: AuthTokensDto })
  @Invalid()
  @ApiResponse({ status: 409, description: 'The email is already registered', type: ErrorResponseDto })
  @TooMany()
  register(@Body() dto: RegisterDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthTokensDto> {
    return this.signedIn(req, res, this.auth.register(dto));
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password', description: SetsSession })
  @ApiResponse({ status: 200, type: AuthTokensDto })
  @Invalid()
  @ApiResponse({ status: 401, description: 'Email or password is incorrect', type: ErrorResponseDto })
  @TooMany()
  login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthTokensDto> {
    return this.signedIn(req, res, this.auth.login(dto));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth(REFRESH_COOKIE)
  @CookieRoute()
  @ApiOperation({
    summary: 'A new access token for the session in the refresh cookie',
    description: `Reads the \`leadflow_refresh\` cookie. Refresh tokens rotate: each works once, and the answer sets the next one in the cookie; reusing one ends the session. ${SetsSession}`,
  })
  @ApiResponse({ status: 200, type: AuthTokensDto })
  @ApiResponse({
    status: 401,
    description: 'No refresh cookie, or an unknown, used, revoked or expired refresh token (the cookie is cleared)',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: 403,
    description: `No ${CSRF_HEADER} header, or an Origin that is not the API's, APP_URL or one of CORS_ORIGINS`,
    type: ErrorResponseDto,
  })
  async refreshTokens(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthTokensDto> {
    this.cookies.assertSameSite(req);
    const refreshToken = readCookie(req, REFRESH_COOKIE);
    if (!refreshToken) throw new UnauthorizedException('No session: log in');
    try {
      return await this.signedIn(req, res, this.auth.refresh(refreshToken));
    } catch (err) {
      if (err instanceof UnauthorizedException) this.cookies.clear(req, res);
      throw err;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiCookieAuth(REFRESH_COOKIE)
  @CookieRoute()
  @ApiOperation({
    summary: 'End the session in the refresh cookie',
    description: "Revokes the refresh token and every token rotated from it, and clears the session's cookies (Bull Board's too).",
  })
  @ApiResponse({ status: 204, description: 'Signed out' })
  @ApiResponse({
    status: 403,
    description: `A refresh cookie without the ${CSRF_HEADER} header, or from a foreign Origin`,
    type: ErrorResponseDto,
  })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const refreshToken = readCookie(req, REFRESH_COOKIE);
    if (refreshToken) {
      this.cookies.assertSameSite(req);
      await this.auth.logout(refreshToken);
    }
    this.cookies.clear(req, res);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post('board-session')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Open Bull Board (admins)',
    description: `Sets the httpOnly \`${BOARD_COOKIE}\` cookie (Path=${BOARD_COOKIE_PATH}, SameSite=Strict, Secure on https) that Bull Board accepts for ${BOARD_SESSION_SECONDS / 60} minutes; then open ${BOARD_COOKIE_PATH}.`,
  })
  @ApiResponse({ status: 204, description: 'The cookie is set' })
  @ApiResponse({ status: 401, description: 'Missing, invalid or expired access token', type: ErrorResponseDto })
  @ApiResponse({ status: 403, description: 'Not an admin', type: ErrorResponseDto })
  async createBoardSession(@CurrentUser() user: AuthUser, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    this.cookies.setBoard(req, res, await this.auth.boardToken(user));
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user and their client account' })
  @ApiResponse({ status: 200, type: MeDto })
  @ApiResponse({ status: 401, description: 'Missing, invalid or expired access token', type: ErrorResponseDto })
  getMe(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user.id);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('forgot-password')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Email a password reset link',
    description: 'Always answers 202, whether or not the account exists. The link works once, for an hour.',
  })
  @ApiResponse({ status: 202, type: AcceptedDto })
  @Invalid()
  @TooMany()
  async forgotPassword(@Body() dto: ForgotPasswordDto): Promise<AcceptedDto> {
    await this.passwordReset.request(dto.email);
    return { message: 'If an account exists for that address, a reset link is on its way.' };
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('reset-password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with a reset link token',
    description: 'Signs the user out everywhere. Limited per IP and per link.',
  })
  @ApiResponse({ status: 204, description: 'Password changed' })
  @ApiResponse({ status: 400, description: 'Weak password, or the link is invalid, used or expired', type: ErrorResponseDto })
  @ApiResponse({ status: 429, description: 'Too many attempts from this IP or with this link', type: ErrorResponseDto })
  async resetPassword(@Body() dto: ResetPasswordDto): Promise<void> {
    await this.passwordReset.reset(dto.token, dto.password);
  }

  /** The session's body for the answer; its refresh token goes into the cookie. */
  private async signedIn(req: Request, res: Response, session: Promise<SignedIn>): Promise<AuthTokensDto> {
    const { body, refreshToken } = await session;
    this.cookies.setRefresh(req, res, refreshToken);
    return body;
  }
}
