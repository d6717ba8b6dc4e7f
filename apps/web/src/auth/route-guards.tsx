import type { MeDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { LoadingScreen } from '../components/loading-screen';
import { useAuth } from './auth-context';
import { loginPathFor, returnPath } from './return-to';

/** Signed-in pages: wait for the user, send everyone else to /login (which brings them back here). */
export function RequireAuth({ children }: { children: (me: MeDto) => ReactNode }) {
  const { state, reload } = useAuth();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <LoadingScreen label="Loading your account…" />;
    case 'signed-out':
      return <Navigate to={state.loggedOut ? '/login' : loginPathFor(location)} replace />;
    case 'error':
      return (
        <main className="centered">
          <div className="card" role="alert">
            <h1>We couldn't load your account</h1>
            <p>{state.message}</p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'signed-in':
      return children(state.me);
  }
}

/** Admin pages; anyone else goes home. */
export function RequireAdmin({ children }: { children: (me: MeDto) => ReactNode }) {
  return <RequireAuth>{(me) => (me.role === 'admin' ? children(me) : <Navigate to="/" replace />)}</RequireAuth>;
}

/**
 * Client pages. `onboarding`: only while sign-up is unfinished (the wizard); `onboarded`: only
 * after it (the dashboard's pages). Anyone on the wrong side goes to `/`, which knows where they belong.
 */
export function RequireClient({ stage, children }: { stage: 'onboarding' | 'onboarded' | 'any'; children: (me: MeDto) => ReactNode }) {
  return (
    <RequireAuth>
      {(me) => {
        const step = me.client?.onboardingStep;
        if (me.role !== 'client' || !step) return <Navigate to="/" replace />;
        if (stage === 'onboarding' && step === 'complete') return <Navigate to="/" replace />;
        if (stage === 'onboarded' && step !== 'complete') return <Navigate to="/onboarding" replace />;
        return children(me);
      }}
    </RequireAuth>
  );
}

/** Log in and register make no sense when already signed in. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <LoadingScreen label="Loading your account…" />;
  if (state.status === 'signed-in') return <Navigate to={returnPath(location.search)} replace />;
  return children;
}
