import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { API_KEY_PREFIX, ApiKeyAuthenticator } from '../api-key-authenticator';
import type { AuthUser } from '../decorators/current-user.decorator';
import { IS_PUBLIC } from '../../core/http/public.decorator';

/** Global: every route needs a valid access token — or a client API key (`lf_…`) — unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && token?.startsWith(API_KEY_PREFIX)) {
      req.user = await this.apiKeys.authenticate(token);
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false, info: unknown): TUser {
    // Any error (e.g. the database being down while the user is re-read) goes to the error filter as it is.
    if (err) throw err;
    if (!user) {
      const reason =
        info instanceof Error && info.name === 'TokenExpiredError' ? 'The access token has expired' : 'A valid access token is required';
      throw new UnauthorizedException(reason);
    }
    return user;
  }
}
