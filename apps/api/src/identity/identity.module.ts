import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { ActivityModule } from '../activity';
import { User } from './entities/user.entity';
import { AppConfig } from '../core/config/app-config';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyRepository } from './api-key.repository';
import { PasswordResetRepository } from './password-reset.repository';
import { RefreshTokenRepository } from './refresh-token.repository';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { OidcController, SignInMethodsController } from './oidc/oidc.controller';
import { OidcProviders } from './oidc/oidc-providers';
import { OidcService } from './oidc/oidc.service';
import { SignInFlows } from './oidc/sign-in-flows';
import { UserIdentityRepository } from './user-identity.repository';
import { PasswordResetToken } from './entities/password-reset-token.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { ApiKeyScopeGuard } from './guards/api-key-scope.guard';
import { ApiRateLimitGuard } from './guards/api-rate-limit.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordResetService } from './password-reset.service';
import { PasswordHasher } from './password';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { SessionCookies } from './session-cookies';
import { AdminTeamController, ApiKeysController, TeamController } from './team.controller';
import { TeamInviteRepository } from './team-invite.repository';
import { TeamService } from './team.service';
import { TokenService } from './token.service';
import { UsersModule } from './users.module';
import { UsersService } from './users.service';

/** Rate-limit counters live in Redis (shared by every API instance). */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class RateLimitStorageModule {}

/** Who a sign-in route's second limit counts: the email, or the reset link's token, else the IP. */
const subjectOf = (req: Request): string => {
  const body = req.body as { email?: unknown; token?: unknown } | undefined;
  if (typeof body?.email === 'string') return body.email.trim().toLowerCase();
  if (typeof body?.token === 'string') return `reset:${createHash('sha256').update(body.token).digest('hex')}`;
  return `ip:${req.ip}`;
};

/** Who is calling: sign-in and sessions, users, teams and API keys, and the guards every route passes. */
@Module({
  imports: [
    ActivityModule,
    UsersModule,
    PassportModule,
    RateLimitStorageModule,
    TypeOrmModule.forFeature([User, RefreshToken, PasswordResetToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret.reveal(), signOptions: { algorithm: 'HS256' } }),
    }),
    // Login, register, forgot-password and reset-password are limited per IP and per email (per link for reset-password), counted in Redis.
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        storage,
        errorMessage: 'Too many attempts; wait a minute and try again',
        throttlers: [
          {
            name: 'ip',
            limit: config.authRateLimit.perIp,
            ttl: config.authRateLimit.windowSeconds * 1000,
            getTracker: (req: Record<string, unknown>) => String((req as unknown as Request).ip),
          },
          {
            name: 'email',
            limit: config.authRateLimit.perEmail,
            ttl: config.authRateLimit.windowSeconds * 1000,
            getTracker: (req: Record<string, unknown>) => subjectOf(req as unknown as Request),
          },
        ],
      }),
    }),
  ],
  controllers: [
    AuthController,
    OidcController,
    SignInMethodsController,
    AdminUsersController,
    TeamController,
    ApiKeysController,
    AdminTeamController,
  ],
  providers: [
    AuthService,
    OidcService,
    OidcProviders,
    SignInFlows,
    UserIdentityRepository,
    ApiKeyRepository,
    TeamInviteRepository,
    RefreshTokenRepository,
    PasswordResetRepository,
    UsersService,
    TeamService,
    TokenService,
    PasswordResetService,
    PasswordHasher,
    SessionCookies,
    JwtStrategy,
    ApiKeyAuthenticator,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: ApiRateLimitGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: ApiKeyScopeGuard },
  ],
  exports: [TokenService, PasswordResetService, SessionCookies, JwtModule, UsersService, UsersModule, AuthService, TeamService],
})
export class IdentityModule {}
