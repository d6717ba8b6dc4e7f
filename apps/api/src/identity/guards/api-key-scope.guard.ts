import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ApiKeyScope } from '../entities/api-key.entity';
import { API_KEY_SCOPE } from '../decorators/api-key-scope.decorator';
import type { AuthUser } from '../decorators/current-user.decorator';

/** A request made with an API key reaches only routes that name a scope, and only with that scope. */
@Injectable()
export class ApiKeyScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (!user?.apiKey) return true;
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_SCOPE, [context.getHandler(), context.getClass()]);
    if (!scope) throw new ForbiddenException('API keys cannot be used for this route; sign in to the dashboard instead');
    if (!user.apiKey.scopes.includes(scope)) throw new ForbiddenException(`This API key lacks the ${scope} scope`);
    return true;
  }
}
