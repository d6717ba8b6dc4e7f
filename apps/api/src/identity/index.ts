export { ClientAccess, ClientAccessGuard } from './client-access.guard';
export { CurrentUser } from './decorators/current-user.decorator';
export type { AuthUser } from './decorators/current-user.decorator';
