import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '../entities/user.entity';

export const ROLES_KEY = 'auth:roles';
/** The roles allowed on a route (any signed-in user when absent); also written into the OpenAPI document. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiExtension('x-roles', roles));
