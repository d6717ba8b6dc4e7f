import { applyDecorators, CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from './decorators/current-user.decorator';
import { Roles } from './decorators/roles.decorator';
import { ClientRepository, stepLabel } from '../clients';

interface ClientAccessRule {
  onboarded?: boolean;
  billable?: boolean;
}
const RULE = 'client-access';
const OWNER = 'client-access:owner';

@Injectable()
export class ClientAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly clients: ClientRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<ClientAccessRule | undefined>(RULE, [context.getHandler(), context.getClass()]) ?? {};
    const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
    if (!user?.clientId) throw new ForbiddenException('This needs a client account');
    const client = await this.clients.byId(user.clientId);
    if (!client) throw new ForbiddenException('This needs a client account');
    const ownerOnly = this.reflector.getAllAndOverride<boolean | undefined>(OWNER, [context.getHandler(), context.getClass()]) ?? false;
    if (ownerOnly && !user.apiKey && user.clientRole !== 'owner')
      throw new ForbiddenException('Only the account’s owner can do this; ask them, or ask them to make you an owner');
    if (rule.billable && client.billingMode !== 'billable')
      throw new ForbiddenException('Credits and billing are not available on non-billable accounts');
    if (rule.onboarded && client.onboardingStep !== 'complete') {
      throw new ForbiddenException(`Finish onboarding first: the next step is ${stepLabel(client.onboardingStep)}`);
    }
    return true;
  }
}

/** Client users only; optionally only once onboarding is complete, and only billable accounts. */
export const ClientAccess = (rule: ClientAccessRule = {}) =>
  applyDecorators(Roles('client'), SetMetadata(RULE, rule), UseGuards(ClientAccessGuard));

/**
 * Under ClientAccess: the account's owners only. Members may not change billing, the team or API
 * keys, or delete webhook endpoints. An API key passes on its scope instead.
 */
export const OwnerOnly = () => applyDecorators(SetMetadata(OWNER, true), ApiExtension('x-owner-only', true));
