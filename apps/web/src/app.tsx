import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ConnectionProvider, useConnection } from './api/connection';
import { QueryProvider } from './api/query-provider';
import { AuthProvider } from './auth/auth-context';
import { GuestOnly, RequireAdmin, RequireAuth, RequireClient } from './auth/route-guards';
import { LoadingScreen } from './components/loading-screen';
import { UnreachablePage } from './pages/unreachable-page';

/**
 * `lazy` for the pages of one group: the group is one chunk, fetched the first time any of its
 * pages is opened, so the first load carries only the router, the session and the offline page.
 */
function lazyGroup<Group>(load: () => Promise<Group>) {
  return <Props extends object>(pick: (group: Group) => ComponentType<Props>) => lazy(async () => ({ default: pick(await load()) }));
}

const publicPage = lazyGroup(() => import('./pages/public-pages'));
const LoginPage = publicPage((g) => g.LoginPage);
const RegisterPage = publicPage((g) => g.RegisterPage);
const ForgotPasswordPage = publicPage((g) => g.ForgotPasswordPage);
const ResetPasswordPage = publicPage((g) => g.ResetPasswordPage);
const NotFoundPage = publicPage((g) => g.NotFoundPage);

const onboardingPage = lazyGroup(() => import('./pages/onboarding-pages'));
const OnboardingPage = onboardingPage((g) => g.OnboardingPage);
const CardReturnPage = onboardingPage((g) => g.CardReturnPage);

const clientPage = lazyGroup(() => import('./pages/client-pages'));
const HomePage = clientPage((g) => g.HomePage);
const PreferencesPage = clientPage((g) => g.PreferencesPage);
const BillingPage = clientPage((g) => g.BillingPage);
const BillingCardReturnPage = clientPage((g) => g.BillingCardReturnPage);
const LeadsPage = clientPage((g) => g.LeadsPage);
const LeadPage = clientPage((g) => g.LeadPage);
const IntegrationsPage = clientPage((g) => g.IntegrationsPage);
const ClientEndpointPage = clientPage((g) => g.ClientEndpointPage);
const ClientDeliveryPage = clientPage((g) => g.ClientDeliveryPage);
const ActivityPage = clientPage((g) => g.ActivityPage);
const TeamPage = clientPage((g) => g.TeamPage);

const adminPage = lazyGroup(() => import('./pages/admin-pages'));
const AdminOverviewPage = adminPage((g) => g.AdminOverviewPage);
const ClientsPage = adminPage((g) => g.ClientsPage);
const ClientPage = adminPage((g) => g.ClientPage);
const IndustriesPage = adminPage((g) => g.IndustriesPage);
const CampaignsPage = adminPage((g) => g.CampaignsPage);
const SuppliersPage = adminPage((g) => g.SuppliersPage);
const ReportsPage = adminPage((g) => g.ReportsPage);
const AdminLeadsPage = adminPage((g) => g.AdminLeadsPage);
const InvitesPage = adminPage((g) => g.InvitesPage);
const XeroPage = adminPage((g) => g.XeroPage);
const WebhooksPage = adminPage((g) => g.WebhooksPage);
const AdminEndpointPage = adminPage((g) => g.AdminEndpointPage);
const AdminDeliveryPage = adminPage((g) => g.AdminDeliveryPage);

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
          <QueryProvider>
            <AuthProvider>
              <Suspense fallback={<LoadingScreen label="Loading…" />}>
                <Routes>
                  <Route path="/" element={<RequireAuth>{(me) => <HomePage me={me} />}</RequireAuth>} />
                  <Route
                    path="/onboarding"
                    element={<RequireClient stage="onboarding">{(me) => <OnboardingPage me={me} />}</RequireClient>}
                  />
                  {/* Stripe's cancel link comes back here (?canceled=1); the wizard shows the card step. */}
                  <Route
                    path="/onboarding/card"
                    element={<RequireClient stage="onboarding">{(me) => <OnboardingPage me={me} />}</RequireClient>}
                  />
                  <Route
                    path="/onboarding/card/return"
                    element={<RequireClient stage="any">{(me) => <CardReturnPage me={me} />}</RequireClient>}
                  />
                  <Route
                    path="/account/preferences"
                    element={<RequireClient stage="onboarded">{(me) => <PreferencesPage me={me} />}</RequireClient>}
                  />
                  {/* Stripe comes back to /billing?payment=… (3-D Secure), ?card=canceled, and the approval email links ?authenticate=… */}
                  <Route path="/billing" element={<RequireClient stage="onboarded">{(me) => <BillingPage me={me} />}</RequireClient>} />
                  <Route
                    path="/billing/cards/return"
                    element={<RequireClient stage="onboarded">{(me) => <BillingCardReturnPage me={me} />}</RequireClient>}
                  />
                  <Route path="/leads" element={<RequireClient stage="onboarded">{(me) => <LeadsPage me={me} />}</RequireClient>} />
                  <Route path="/leads/:id" element={<RequireClient stage="onboarded">{(me) => <LeadPage me={me} />}</RequireClient>} />
                  <Route
                    path="/integrations"
                    element={<RequireClient stage="onboarded">{(me) => <IntegrationsPage me={me} />}</RequireClient>}
                  />
                  <Route
                    path="/integrations/:id"
                    element={<RequireClient stage="onboarded">{(me) => <ClientEndpointPage me={me} />}</RequireClient>}
                  />
                  <Route
                    path="/integrations/:id/deliveries/:deliveryId"
                    element={<RequireClient stage="onboarded">{(me) => <ClientDeliveryPage me={me} />}</RequireClient>}
                  />
                  <Route path="/activity" element={<RequireClient stage="onboarded">{(me) => <ActivityPage me={me} />}</RequireClient>} />
                  <Route path="/team" element={<RequireClient stage="onboarded">{(me) => <TeamPage me={me} />}</RequireClient>} />
                  <Route path="/admin" element={<RequireAdmin>{(me) => <AdminOverviewPage me={me} />}</RequireAdmin>} />
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
                  <Route path="/admin/webhooks/:id" element={<RequireAdmin>{(me) => <AdminEndpointPage me={me} />}</RequireAdmin>} />
                  <Route
                    path="/admin/webhooks/:id/deliveries/:deliveryId"
                    element={<RequireAdmin>{(me) => <AdminDeliveryPage me={me} />}</RequireAdmin>}
                  />
                  <Route
                    path="/login"
                    element={
                      <GuestOnly>
                        <LoginPage />
                      </GuestOnly>
                    }
                  />
                  <Route
                    path="/register"
                    element={
                      <GuestOnly>
                        <RegisterPage />
                      </GuestOnly>
                    }
                  />
                  <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                  <Route path="/reset-password" element={<ResetPasswordPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </AuthProvider>
          </QueryProvider>
        </ConnectionGate>
      </ConnectionProvider>
    </BrowserRouter>
  );
}
