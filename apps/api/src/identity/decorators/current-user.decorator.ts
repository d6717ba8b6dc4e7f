import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiKeyScope } from '../entities/api-key.entity';
import type { ClientRole, Role } from '../entities/user.entity';

/**
 * Who is calling, re-read from the database on every request: a user signed in with a JWT, or a
 * client's API key (then `id` is the user who created the key, and only the key's scopes apply).
 */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  clientId: string | null;
  clientRole: ClientRole | null;
  apiKey?: { id: string; scopes: ApiKeyScope[] };
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});
