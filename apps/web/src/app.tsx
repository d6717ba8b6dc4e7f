import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ConnectionProvider, useConnection } from './api/connection';
import { AuthProvider } from './auth/auth-context';
import { GuestOnly, RequireAdmin, RequireAuth, RequireClient } from './auth/route-guards';
import { ADMIN_WEBHOOKS, CLIENT_WEBHOOKS } from './api/webhooks';
import { LoadingScreen } from './components/loading-screen';
import { ActivityPage } from './pages/activity/activity-page';
import { AdminLeadsPage } from './pages/admin/admin-leads-page';
import { CampaignsPage } from './pages/admin/campaigns-page';
import { ClientPage } from './pages/admin/client-page';
import { ClientsPage } from './pages/admin/clients-page';
import { IndustriesPage } from './pages/admin/industries-page';
import { InvitesPage } from './pages/admin/invites-page';
import { ReportsPage } from './pages/admin/reports-page';
import { SuppliersPage } from './pages/admin/suppliers-page';
import { WebhooksPage } from './pages/admin/webhooks-page';
import { XeroPage } from './pages/admin/xero-page';
import { BillingCardReturnPage } from './pages/billing/card-return-page';
import { BillingPage } from './pages/billing/billing-page';
import { PreferencesPage } from './pages/dashboard/preferences-page';
import { ForgotPasswordPage } from './pages/forgot-password-page';
import { HomePage } from './pages/home-page';
import { IntegrationsPage } from './pages/integrations/integrations-page';
import { LeadPage } from './pages/leads/lead-page';
import { LeadsPage } from './pages/leads/leads-page';
import { LoginPage } from './pages/login-page';
import { NotFoundPage } from './pages/not-found-page';
import { CardReturnPage } from './pages/onboarding/card-return-page';
import { OnboardingPage } from './pages/onboarding/onboarding-page';
import { RegisterPage } from './pages/register-page';
import { ResetPasswordPage } from './pages/reset-password-page';
import { UnreachablePage } from './pages/unreachable-page';
import { DeliveryPage } from './pages/webhooks/delivery-page';
import { EndpointPage } from './pages/webhooks/endpoint-page';

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
              <Route path="/" element={<RequireAuth>{(me) => <HomePage me={me} />}</RequireAuth>} />
              <Route path="/onboarding" element={<RequireClient stage="onboarding">{(me) => <OnboardingPage me={me} />}</RequireClient>} />
              {/* Stripe's cancel link comes back here (?canceled=1); the wizard shows the card step. */}
              <Route path="/onboarding/card" element={<RequireClient stage="onboarding">{(me) => <OnboardingPage me={me} />}</RequireClient>} />
              <Route path="/onboarding/card/return" element={<RequireClient stage="any">{(me) => <CardReturnPage me={me} />}</RequireClient>} />
              <Route path="/account/preferences" element={<RequireClient stage="onboarded">{(me) => <PreferencesPage me={me} />}</RequireClient>} />
              {/* Stripe comes back to /billing?payment=… (3-D Secure), ?card=canceled, and the approval email links ?authenticate=… */}
              <Route path="/billing" element={<RequireClient stage="onboarded">{(me) => <BillingPage me={me} />}</RequireClient>} />
              <Route path="/billing/cards/return" element={<RequireClient stage="onboarded">{(me) => <BillingCardReturnPage me={me} />}</RequireClient>} />
              <Route path="/leads" element={<RequireClient stage="onboarded">{(me) => <LeadsPage me={me} />}</RequireClient>} />
              <Route path="/leads/:id" element={<RequireClient stage="onboarded">{(me) => <LeadPage me={me} />}</RequireClient>} />
              <Route path="/integrations" element={<RequireClient stage="onboarded">{(me) => <IntegrationsPage me={me} />}</RequireClient>} />
              <Route path="/integrations/:id" element={<RequireClient stage="onboarded">{(me) => <EndpointPage me={me} scope={CLIENT_WEBHOOKS} />}</RequireClient>} />
              <Route path="/integrations/:id/deliveries/:deliveryId" element={<RequireClient stage="onboarded">{(me) => <DeliveryPage me={me} scope={CLIENT_WEBHOOKS} />}</RequireClient>} />
              <Route path="/activity" element={<RequireClient stage="onboarded">{(me) => <ActivityPage me={me} />}</RequireClient>} />
              <Route path="/admin" element={<Navigate to="/admin/clients" replace />} />
              <Route path="/admin/clients" element={<RequireAdmin>{(me) => <ClientsPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/clients/:id" element={<RequireAdmin>{(me) => <ClientPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/industries" element={<RequireAdmin>{(me) => <IndustriesPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/campaigns" element={<RequireAdmin>{(me) => <CampaignsPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/suppliers" element={<RequireAdmin>{(me) => <SuppliersPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/reports" element={<RequireAdmin>{(me) => <ReportsPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/leads" element={<RequireAdmin>{(me) => <AdminLeadsPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/leads/:id" element={<RequireAdmin>{(me) => <AdminLeadsPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/invites" element={<RequireAdmin>{(me) => <InvitesPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/xero" element={<RequireAdmin>{(me) => <XeroPage me={me} />}</RequireAdmin>} />
              <Route path="/admin/webhooks" element={<RequireAdmin>{(me) => <WebhooksPage me={me} />}</RequireAdmin>} />
              {/* Any endpoint, a client's included: linked from the failing endpoints. */}
              <Route path="/admin/webhooks/:id" element={<RequireAdmin>{(me) => <EndpointPage me={me} scope={ADMIN_WEBHOOKS} />}</RequireAdmin>} />
              <Route path="/admin/webhooks/:id/deliveries/:deliveryId" element={<RequireAdmin>{(me) => <DeliveryPage me={me} scope={ADMIN_WEBHOOKS} />}</RequireAdmin>} />
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
