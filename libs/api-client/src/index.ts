/**
 * The LeadFlow API client: the generated SDK (src/generated, from apps/api/openapi.json) plus
 * this small entry — base URL, the session's tokens, and transparent refresh on 401.
 */
import { client } from './generated/client.gen';
import { refreshTokens } from './generated/sdk.gen';
import type { AuthTokensDto } from './generated/types.gen';

export * from './generated/sdk.gen';
export type * from './generated/types.gen';
export { client };

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export interface SessionStore {
  load(): Session | null;
  save(session: Session | null): void;
}

/** Keeps the session in localStorage so a reload stays signed in. */
export const localStorageSessionStore = (key = 'leadflow.session'): SessionStore => ({
  load: () => {
    try {
      const raw = globalThis.localStorage?.getItem(key);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  save: (session) => {
    if (session) globalThis.localStorage?.setItem(key, JSON.stringify(session));
    else globalThis.localStorage?.removeItem(key);
  },
});

export const memorySessionStore = (): SessionStore => {
  let current: Session | null = null;
  return { load: () => current, save: (s) => void (current = s) };
};

export interface ApiClientOptions {
  /** Where the API lives; '' (default) means the page's own origin (the SPA proxies /api). */
  baseUrl?: string;
  store?: SessionStore;
  /** Called when the session ends because the refresh token was refused. */
  onSessionExpired?: () => void;
}

let store: SessionStore = memorySessionStore();
let onExpired: (() => void) | undefined;
let refreshing: Promise<Session | null> | null = null;
const originals = new WeakMap<Request, Request>();
/** Routes that never carry a session to refresh (a 401 there is the answer itself). */
const SESSIONLESS = new Set(['/api/auth/login', '/api/auth/register', '/api/auth/refresh', '/api/auth/logout', '/api/auth/forgot-password', '/api/auth/reset-password']);

export function getSession(): Session | null {
  return store.load();
}

/** Stores the tokens from login, register or refresh (or clears them with null). */
export function setSession(tokens: Pick<AuthTokensDto, 'accessToken' | 'refreshToken'> | null): void {
  store.save(tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } : null);
}

/** One refresh at a time, however many requests hit 401 together. */
function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const current = store.load();
    if (!current) return null;
    const { data } = await refreshTokens({ body: { refreshToken: current.refreshToken } });
    if (!data) {
      store.save(null);
      onExpired?.();
      return null;
    }
    setSession(data);
    return store.load();
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export function configureApiClient(options: ApiClientOptions = {}): void {
  store = options.store ?? store;
  onExpired = options.onSessionExpired;
  client.setConfig({ baseUrl: options.baseUrl ?? '' });
  client.interceptors.request.use((request) => {
    const session = store.load();
    if (session && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
    if (!SESSIONLESS.has(new URL(request.url).pathname)) originals.set(request, request.clone());
    return request;
  });
  client.interceptors.response.use(async (response, request) => {
    const original = originals.get(request);
    if (response.status !== 401 || !original || !store.load()) return response;
    const session = await refreshSession();
    if (!session) return response;
    const retry = new Request(original, { headers: new Headers(original.headers) });
    retry.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(retry);
  });
}
