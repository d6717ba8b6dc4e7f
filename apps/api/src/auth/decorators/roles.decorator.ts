import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../clients/entities/user.entity';

export const ROLES_KEY = 'auth:roles';
/** The roles allowed on a route (any signed-in user when absent). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
