import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope } from '../../clients/entities/api-key.entity';

export const API_KEY_SCOPE = 'auth:api-key-scope';
/** Lets client API keys with this scope call the route (routes without it are for signed-in users only). */
export const AllowApiKey = (scope: ApiKeyScope) => SetMetadata(API_KEY_SCOPE, scope);
