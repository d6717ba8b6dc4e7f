import {
  endSession,
  getMe,
  getSession,
  restoreSession,
  setSession,
  type AuthTokensDto,
  type ClientSummaryDto,
  type MeDto,
} from '@leadflow/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SdkResult } from '../api/api-result';
import { useApiCall, useConnection } from '../api/connection';
import { onSessionExpired } from '../api/session-events';

export type AuthState =
  | { status: 'loading' }
  /** `loggedOut`: the user chose to leave, so /login does not offer to bring them back to this page. */
  | { status: 'signed-out'; loggedOut?: boolean }
  | { status: 'signed-in'; me: MeDto }
  | { status: 'error'; message: string };

interface AuthContextValue {
  state: AuthState;
  /** Keeps the access token from register or login (in memory) and signs the user in. */
  signIn: (tokens: AuthTokensDto) => void;
  /** Ends the session on the API (best effort) and locally. */
  signOut: () => Promise<void>;
  /** Loads the signed-in user again (after an error). */
  reload: () => void;
  /** Keeps the signed-in user's client in step with an onboarding answer (so routing follows it). */
  updateClient: (patch: Partial<ClientSummaryDto>) => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/**
 * The signed-in user. After a reload there is no access token in memory: the refresh cookie (the
 * browser sends it; no script can read it) brings a new one and the user. With a token, GET
 * /api/auth/me, refreshing once on 401 — the client's transparent refresh skips every
 * /api/auth/* path (so login/refresh failures don't loop), which includes /me.
 */
async function loadMe(): Promise<SdkResult<MeDto>> {
  if (!getSession()) {
    const restored = await restoreSession();
    return restored.data
      ? { data: restored.data.user, response: restored.response }
      : { error: restored.error, response: restored.response };
  }
  const first = await getMe();
  if (first.response?.status !== 401) return first;
  const refreshed = await restoreSession();
  if (!refreshed.data) return refreshed.response ? first : { error: refreshed.error };
  return getMe();
}

// Refresh tokens rotate and reuse ends the session, so two loads (StrictMode runs effects
// twice in development) must share one request.
let loading: Promise<SdkResult<MeDto>> | null = null;
function loadMeOnce(): Promise<SdkResult<MeDto>> {
  loading ??= loadMe().finally(() => {
    loading = null;
  });
  return loading;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const connection = useConnection();
  const call = useApiCall();
  const queryClient = useQueryClient();
  // Always loading at first: a session may be waiting in the refresh cookie, which only the API can read.
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  useEffect(
    () =>
      onSessionExpired(() => {
        queryClient.clear();
        setState({ status: 'signed-out' });
      }),
    [queryClient],
  );

  // Runs at start (and on reload()) to find the session and its user, and again once the API is back after a network failure.
  useEffect(() => {
    if (state.status !== 'loading' || connection.status !== 'online') return;
    let active = true;
    void call(loadMeOnce()).then((outcome) => {
      if (!active) return;
      if (outcome.ok) return setState({ status: 'signed-in', me: outcome.data });
      if (outcome.failure.kind === 'unreachable') return; // the offline page is showing; retry brings us back here
      if (outcome.failure.status === 401) {
        setSession(null);
        return setState({ status: 'signed-out' });
      }
      setState({ status: 'error', message: outcome.failure.message });
    });
    return () => {
      active = false;
    };
  }, [state.status, connection.status, call]);

  const signIn = useCallback(
    (tokens: AuthTokensDto) => {
      setSession(tokens);
      queryClient.clear();
      setState({ status: 'signed-in', me: tokens.user });
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    // Signing out locally always succeeds; if the API is unreachable the offline page says so.
    await call(endSession());
    setSession(null);
    // Nothing of this account stays in memory for whoever signs in next on this browser.
    queryClient.clear();
    setState({ status: 'signed-out', loggedOut: true });
  }, [call, queryClient]);

  const reload = useCallback(() => setState({ status: 'loading' }), []);

  const updateClient = useCallback(
    (patch: Partial<ClientSummaryDto>) =>
      setState((current) =>
        current.status === 'signed-in' && current.me.client
          ? { status: 'signed-in', me: { ...current.me, client: { ...current.me.client, ...patch } } }
          : current,
      ),
    [],
  );

  const value = useMemo(() => ({ state, signIn, signOut, reload, updateClient }), [state, signIn, signOut, reload, updateClient]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user, for pages under the signed-in routes (their guards have waited for it). */
export function useMe(): MeDto {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe is only for pages behind RequireAuth');
  return state.me;
}
