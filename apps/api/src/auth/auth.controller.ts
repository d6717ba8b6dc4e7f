import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthThrottlerGuard } from './guards/auth-throttler.guard';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { AuthService } from './auth.service';
import { CurrentUser, type AuthUser } from './decorators/current-user.decorator';
import { Public } from './decorators/public.decorator';
import {
  AcceptedDto,
  AuthTokensDto,
  ForgotPasswordDto,
  LoginDto,
  MeDto,
  RefreshTokenDto,
  RegisterDto,
  ResetPasswordDto,
} from './dto/auth.dto';
import { PasswordResetService } from './password-reset.service';

const Invalid = () => ApiResponse({ status: 400, description: 'Invalid input; `details` names each field', type: ErrorResponseDto });
const TooMany = () => ApiResponse({ status: 429, description: 'Too many attempts from this IP or for this email', type: ErrorResponseDto });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('register')
  @ApiOperation({ summary: 'Create a client account', description: 'Creates the user and its client account (which starts onboarding), queues a welcome email, and signs in.' })
  @ApiResponse({ status: 201, type: AuthTokensDto })
  @Invalid()
  @ApiResponse({ status: 409, description: 'The email is already registered', type: ErrorResponseDto })
  @TooMany()
  register(@Body() dto: RegisterDto): Promise<AuthTokensDto> {
    return this.auth.register(dto);
  }

  @Public()
  @UseGuards(AuthThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiResponse({ status: 200, type: AuthTokensDto })
  @Invalid()
  @ApiResponse({ status: 401, description: 'Email or password is incorrect', type: ErrorResponseDto })
  @TooMany()
  login(@Body() dto: LoginDto): Promise<AuthTokensDto> {
    return this.auth.login(dto);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair', description: 'Refresh tokens rotate: each works once. Reusing one ends the session.' })
  @ApiResponse({ status: 200, type: AuthTokensDto })
  @ApiResponse({ status: 401, description: 'Unknown, used, revoked or expired refresh token', type: ErrorResponseDto })
  refreshTokens(@Body() dto: RefreshTokenDto): Promise<AuthTokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End the session of a refresh token', description: 'Revokes the refresh token and every token rotated from it.' })
  @ApiResponse({ status: 204, description: 'Signed out' })
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
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
  @ApiOperation({ summary: 'Email a password reset link', description: 'Always answers 202, whether or not the account exists. The link works once, for an hour.' })
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
  @ApiOperation({ summary: 'Set a new password with a reset link token', description: 'Signs the user out everywhere. Limited per IP and per link.' })
  @ApiResponse({ status: 204, description: 'Password changed' })
  @ApiResponse({ status: 400, description: 'Weak password, or the link is invalid, used or expired', type: ErrorResponseDto })
  @ApiResponse({ status: 429, description: 'Too many attempts from this IP or with this link', type: ErrorResponseDto })
  async resetPassword(@Body() dto: ResetPasswordDto): Promise<void> {
    await this.passwordReset.reset(dto.token, dto.password);
  }
}
