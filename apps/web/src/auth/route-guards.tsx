import type { MeDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { LoadingScreen } from '../components/loading-screen';
import { useAuth } from './auth-context';

/** Signed-in pages: wait for the user, send everyone else to /login. */
export function RequireAuth({ children }: { children: (me: MeDto) => ReactNode }) {
  const { state, reload } = useAuth();
  switch (state.status) {
    case 'loading':
      return <LoadingScreen label="Loading your account…" />;
    case 'signed-out':
      return <Navigate to="/login" replace />;
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

/** Log in and register make no sense when already signed in. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  if (state.status === 'loading') return <LoadingScreen label="Loading your account…" />;
  if (state.status === 'signed-in') return <Navigate to="/" replace />;
  return children;
}
