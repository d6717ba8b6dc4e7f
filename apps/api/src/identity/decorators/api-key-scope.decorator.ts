import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { ApiKeyScope } from '../entities/api-key.entity';

export const API_KEY_SCOPE = 'auth:api-key-scope';
/** Lets client API keys with this scope call the route (routes without it are for signed-in users only). */
export const AllowApiKey = (scope: ApiKeyScope) =>
  applyDecorators(SetMetadata(API_KEY_SCOPE, scope), ApiExtension('x-api-key-scope', scope), ApiSecurity('client-api-key'));
