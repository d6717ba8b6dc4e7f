import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../clients/entities/user.entity';

/** Who is calling, as the JWT strategy resolved it (re-read from the database on every request). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  clientId: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<Request & { user: AuthUser }>().user;
});
