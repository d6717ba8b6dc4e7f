import type { ApiKeyDto, MeDto, TeamMemberDto } from '@leadflow/api-client';

export type ClientRole = TeamMemberDto['role'];
export type ApiKeyScope = ApiKeyDto['scopes'][number];

/**
 * Owners may change billing, the team and API keys, and delete webhook endpoints; members may not
 * (the API answers 403). The SPA hides those controls from members rather than greying them out.
 */
export function isOwner(me: MeDto): boolean {
  return me.role === 'client' && me.clientRole === 'owner';
}

export const ROLE_LABELS: Record<ClientRole, string> = { owner: 'Owner', member: 'Member' };

export const ROLE_HINTS: Record<ClientRole, string> = {
  owner: 'Everything, including billing, the team and API keys.',
  member:
    "Sees leads, billing and settings and can work with webhooks, but can't change billing, the team or API keys, or delete webhook endpoints.",
};

/** What each scope lets a key do, in plain words, in the order the form lists them. */
export const API_KEY_SCOPES: { scope: ApiKeyScope; label: string; hint: string }[] = [
  { scope: 'leads:read', label: 'Read leads', hint: 'List your leads and read each one, e.g. to copy them into your CRM.' },
  { scope: 'leads:report', label: 'Report leads', hint: 'Report a lead that is wrong (a bad number, a duplicate…) for us to review.' },
  {
    scope: 'webhooks:manage',
    label: 'Manage webhooks',
    hint: 'Add, change, test and switch off webhook endpoints, and replay their deliveries.',
  },
];

export const SCOPE_LABELS = Object.fromEntries(API_KEY_SCOPES.map((s) => [s.scope, s.label])) as Record<ApiKeyScope, string>;
