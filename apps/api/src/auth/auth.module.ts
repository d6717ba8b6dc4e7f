import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { ActivityService } from '../clients/activity.service';
import { User } from '../clients/entities/user.entity';
import { AppConfig } from '../core/config/app-config';
import { NotificationsModule } from '../notifications/notifications.module';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PasswordResetToken } from './entities/password-reset-token.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { ApiKeyScopeGuard } from './guards/api-key-scope.guard';
import { ApiRateLimitGuard } from './guards/api-rate-limit.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordResetLinks } from './password-reset-links';
import { PasswordResetService } from './password-reset.service';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { TokenService } from './token.service';

/** Rate-limit counters live in Redis (shared by every API instance). */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class RateLimitStorageModule {}

const emailOf = (req: Request): string => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : `ip:${req.ip}`;
};

@Module({
  imports: [
    PassportModule,
    RateLimitStorageModule,
    TypeOrmModule.forFeature([User, RefreshToken, PasswordResetToken]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret.reveal(), signOptions: { algorithm: 'HS256' } }),
    }),
    // Login, register and forgot-password are limited per IP and per email, counted in Redis.
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        storage,
        errorMessage: 'Too many attempts; wait a minute and try again',
        throttlers: [
          { name: 'ip', limit: config.authRateLimit.perIp, ttl: config.authRateLimit.windowSeconds * 1000, getTracker: (req: Record<string, unknown>) => String((req as unknown as Request).ip) },
          { name: 'email', limit: config.authRateLimit.perEmail, ttl: config.authRateLimit.windowSeconds * 1000, getTracker: (req: Record<string, unknown>) => emailOf(req as unknown as Request) },
        ],
      }),
    }),
    NotificationsModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    ActivityService,
    TokenService,
    PasswordResetService,
    PasswordResetLinks,
    JwtStrategy,
    ApiKeyAuthenticator,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: ApiRateLimitGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: ApiKeyScopeGuard },
  ],
  exports: [TokenService, PasswordResetService, JwtModule],
})
export class AuthModule {}
