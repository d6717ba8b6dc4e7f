/**
 * The LeadFlow API client: the generated SDK (src/generated, from apps/api/openapi.json) plus
 * this small entry — base URL, the session's access token, and transparent refresh on 401.
 *
 * The access token lives only in memory. The refresh token is an httpOnly cookie that the API
 * sets and only the browser sends (to /api/auth/refresh and /api/auth/logout), so no script on
 * the page can read either from storage; after a reload, restoreSession() asks for a new access
 * token with that cookie.
 */
import { client } from './generated/client.gen';
import { logout, refreshTokens } from './generated/sdk.gen';
import type { AuthTokensDto } from './generated/types.gen';

export * from './generated/sdk.gen';
// Query and mutation options for TanStack Query (the SPA's data layer), generated from the same document.
export * from './generated/@tanstack/react-query.gen';
export type * from './generated/types.gen';
export { client };

/** The header the cookie-authenticated routes (refresh, logout) require: a cross-site page cannot send it. */
export const CSRF_HEADERS = { 'X-LeadFlow-CSRF': '1' } as const;

/** What a refresh settles to; `response` is missing when the network failed. */
export type RefreshResult = { data?: AuthTokensDto; error?: unknown; response?: Response };

export interface Session {
  accessToken: string;
}

export interface ApiClientOptions {
  /** Where the API lives; '' (default) means the page's own origin (the SPA proxies /api). */
  baseUrl?: string;
  /** Called when the session ends because the refresh cookie was refused. */
  onSessionExpired?: () => void;
}

let current: Session | null = null;
let onExpired: (() => void) | undefined;
let refreshing: Promise<RefreshResult> | null = null;
const originals = new WeakMap<Request, Request>();
/** Routes that never carry a session to refresh (a 401 there is the answer itself). */
const SESSIONLESS = new Set([
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/forgot-password',
  '/api/auth/reset-password',
]);

export function getSession(): Session | null {
  return current;
}

/** Keeps the access token from login, register or refresh in memory (or forgets it with null). */
export function setSession(tokens: Pick<AuthTokensDto, 'accessToken'> | null): void {
  current = tokens ? { accessToken: tokens.accessToken } : null;
}

/**
 * A new access token from the refresh cookie. Only the API's 401 (no cookie, or one it refused)
 * ends the session in memory; a network failure or a gateway error leaves it as it was. One
 * request at a time, however many callers ask together: refresh tokens rotate, and a second use
 * of one ends the session.
 */
export function restoreSession(): Promise<RefreshResult> {
  refreshing ??= (async (): Promise<RefreshResult> => {
    const result: RefreshResult = await acrossTabs(() => refreshTokens({ headers: CSRF_HEADERS }));
    if (result.data) setSession(result.data);
    else if (result.response?.status === 401) setSession(null);
    return result;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Runs a refresh while holding a lock shared by every tab of this origin (Web Locks), so tabs
 * opened together refresh one after the other: the second sends the cookie the first was given,
 * instead of the one just rotated, which the API would take for a stolen token and end the session.
 */
function acrossTabs<T>(refresh: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request('leadflow-refresh', refresh) : refresh();
}

/** Ends the session on the API (the cookie names it) and forgets the access token. */
export async function endSession(): Promise<Awaited<ReturnType<typeof logout>>> {
  const result = await logout({ headers: CSRF_HEADERS });
  setSession(null);
  return result;
}

export function configureApiClient(options: ApiClientOptions = {}): void {
  onExpired = options.onSessionExpired;
  // 'include' so the refresh cookie also reaches an API on another origin of the same site (CORS_ORIGINS).
  client.setConfig({ baseUrl: options.baseUrl ?? '', credentials: 'include' });
  client.interceptors.request.use((request) => {
    if (current && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${current.accessToken}`);
    if (!SESSIONLESS.has(new URL(request.url).pathname)) originals.set(request, request.clone());
    return request;
  });
  client.interceptors.response.use(async (response, request) => {
    const original = originals.get(request);
    if (response.status !== 401 || !original || !current) return response;
    const { data, response: answer } = await restoreSession();
    if (!data) {
      if (answer?.status === 401) onExpired?.();
      return response;
    }
    const retry = new Request(original, { headers: new Headers(original.headers) });
    retry.headers.set('Authorization', `Bearer ${data.accessToken}`);
    return fetch(retry);
  });
}
