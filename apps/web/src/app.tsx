import type { ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ConnectionProvider, useConnection } from './api/connection';
import { AuthProvider } from './auth/auth-context';
import { GuestOnly, RequireAuth } from './auth/route-guards';
import { LoadingScreen } from './components/loading-screen';
import { ForgotPasswordPage } from './pages/forgot-password-page';
import { HomePage } from './pages/home-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { RegisterPage } from './pages/register-page';
import { ResetPasswordPage } from './pages/reset-password-page';
import { UnreachablePage } from './pages/unreachable-page';

/**
 * Until the first health check answers, show a loader; while the API is unreachable, show the
 * offline page over the app but keep the app mounted (hidden), so a half-filled form survives a blip.
 */
function ConnectionGate({ children }: { children: ReactNode }) {
  const { status } = useConnection();
  if (status === 'checking') return <LoadingScreen label="Connecting to LeadFlow…" />;
  return (
    <>
      {status === 'offline' ? <UnreachablePage /> : null}
      <div className="app" hidden={status === 'offline'}>
        {children}
      </div>
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <ConnectionProvider>
        <ConnectionGate>
          <AuthProvider>
            <Routes>
              <Route
                path="/"
                element={
                  <RequireAuth>{(me) => <HomePage me={me} />}</RequireAuth>
                }
              />
              <Route path="/login" element={<GuestOnly><LoginPage /></GuestOnly>} />
              <Route path="/register" element={<GuestOnly><RegisterPage /></GuestOnly>} />
              <Route path="/forgot-password" element={<ForgotPasswordPage />} />
              <Route path="/reset-password" element={<ResetPasswordPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </AuthProvider>
        </ConnectionGate>
      </ConnectionProvider>
    </BrowserRouter>
  );
}
