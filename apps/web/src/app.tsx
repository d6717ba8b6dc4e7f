import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, createRoutesFromElements, Outlet, Route, RouterProvider } from 'react-router-dom';
import type { MeDto } from '@leadflow/api-client';
import { ConnectionProvider, useConnection } from './api/connection';
import { QueryProvider } from './api/query-provider';
import { AuthProvider } from './auth/auth-context';
import { GuestOnly, RequireAdmin, RequireAuth, RequireClient } from './auth/route-guards';
import { AppShell } from './components/app-shell';
import { LoadingScreen } from './components/loading-screen';
import { RouteError } from './components/route-error';
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
const AuthCallbackPage = publicPage((g) => g.AuthCallbackPage);
const SignInPage = publicPage((g) => g.SignInPage);
const PricingPage = publicPage((g) => g.PricingPage);

const onboardingPage = lazyGroup(() => import('./pages/onboarding-pages'));
const OnboardingPage = onboardingPage((g) => g.OnboardingPage);
const CardReturnPage = onboardingPage((g) => g.CardReturnPage);

const clientPage = lazyGroup(() => import('./pages/client-pages'));
const HomePage = clientPage((g) => g.HomePage);
const PreferencesPage = clientPage((g) => g.PreferencesPage);
const BillingPage = clientPage((g) => g.BillingPage);
const BillingCardReturnPage = clientPage((g) => g.BillingCardReturnPage);
const ReceiptPage = clientPage((g) => g.ReceiptPage);
const LeadsPage = clientPage((g) => g.LeadsPage);
const LeadPage = clientPage((g) => g.LeadPage);
const IntegrationsPage = clientPage((g) => g.IntegrationsPage);
const ClientEndpointPage = clientPage((g) => g.ClientEndpointPage);
const ClientDeliveryPage = clientPage((g) => g.ClientDeliveryPage);
const ActivityPage = clientPage((g) => g.ActivityPage);
const TeamPage = clientPage((g) => g.TeamPage);
const AlertsPage = clientPage((g) => g.AlertsPage);
const UsagePage = clientPage((g) => g.UsagePage);
const NotificationsPage = clientPage((g) => g.NotificationsPage);
const PlanPage = clientPage((g) => g.PlanPage);
const PlanCheckoutPage = clientPage((g) => g.PlanCheckoutPage);

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
const PlansPage = adminPage((g) => g.PlansPage);
const XeroPage = adminPage((g) => g.XeroPage);
const AdminUsagePage = adminPage((g) => g.AdminUsagePage);
const WebhooksPage = adminPage((g) => g.WebhooksPage);
const PrivacyPage = adminPage((g) => g.PrivacyPage);
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

/** The signed-in frame around its pages: the shell stays while pages (and their chunks) come and go. */
const shell = (me: MeDto) => (
  <AppShell me={me}>
    <Outlet />
  </AppShell>
);
const outlet = () => <Outlet />;

const router = createBrowserRouter(
  createRoutesFromElements(
    // errorElement: a page that failed to render, or a chunk gone after a deploy, offers a reload.
    <Route
      errorElement={<RouteError />}
      element={
        <Suspense fallback={<LoadingScreen label="Loading…" />}>
          <Outlet />
        </Suspense>
      }
    >
      <Route element={<RequireAuth>{shell}</RequireAuth>}>
        <Route errorElement={<RouteError />}>
          <Route path="/" element={<HomePage />} />
          {/* Any signed-in person, client or admin: password and linked providers. */}
          <Route path="/account/sign-in" element={<SignInPage />} />
          <Route element={<RequireClient stage="onboarding">{outlet}</RequireClient>}>
            <Route path="/onboarding" element={<OnboardingPage />} />
            {/* Stripe's cancel link comes back here (?canceled=1); the wizard shows the card step. */}
            <Route path="/onboarding/card" element={<OnboardingPage />} />
          </Route>
          <Route path="/onboarding/card/return" element={<RequireClient stage="any">{() => <CardReturnPage />}</RequireClient>} />
          <Route element={<RequireClient stage="onboarded">{outlet}</RequireClient>}>
            <Route path="/account/preferences" element={<PreferencesPage />} />
            {/* Stripe comes back to /billing?payment=… (3-D Secure), ?card=canceled, and the approval email links ?authenticate=… */}
            <Route path="/billing" element={<BillingPage />} />
            <Route path="/billing/cards/return" element={<BillingCardReturnPage />} />
            {/* The receipt email links here. */}
            <Route path="/billing/receipts/:id" element={<ReceiptPage />} />
            <Route path="/leads" element={<LeadsPage />} />
            <Route path="/leads/:id" element={<LeadPage />} />
            <Route path="/integrations" element={<IntegrationsPage />} />
            <Route path="/integrations/:id" element={<ClientEndpointPage />} />
            <Route path="/integrations/:id/deliveries/:deliveryId" element={<ClientDeliveryPage />} />
            <Route path="/activity" element={<ActivityPage />} />
            <Route path="/team" element={<TeamPage />} />
            {/* Stripe comes back to /plan?payment=… (3-D Secure); the pricing page links ?change=<plan id>. */}
            <Route path="/plan" element={<PlanPage />} />
            {/* Paying for the plan chosen on the pricing page, after the card step. */}
            <Route path="/plan/checkout" element={<PlanCheckoutPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/usage" element={<UsagePage />} />
            <Route path="/notifications" element={<NotificationsPage />} />
          </Route>
          <Route element={<RequireAdmin>{outlet}</RequireAdmin>}>
            <Route path="/admin" element={<AdminOverviewPage />} />
            <Route path="/admin/clients" element={<ClientsPage />} />
            <Route path="/admin/clients/:id" element={<ClientPage />} />
            <Route path="/admin/industries" element={<IndustriesPage />} />
            <Route path="/admin/campaigns" element={<CampaignsPage />} />
            <Route path="/admin/suppliers" element={<SuppliersPage />} />
            <Route path="/admin/reports" element={<ReportsPage />} />
            <Route path="/admin/leads" element={<AdminLeadsPage />} />
            <Route path="/admin/leads/:id" element={<AdminLeadsPage />} />
            <Route path="/admin/invites" element={<InvitesPage />} />
            <Route path="/admin/privacy" element={<PrivacyPage />} />
            <Route path="/admin/plans" element={<PlansPage />} />
            <Route path="/admin/xero" element={<XeroPage />} />
            <Route path="/admin/usage" element={<AdminUsagePage />} />
            <Route path="/admin/webhooks" element={<WebhooksPage />} />
            {/* Any endpoint, a client's included: linked from the failing endpoints. */}
            <Route path="/admin/webhooks/:id" element={<AdminEndpointPage />} />
            <Route path="/admin/webhooks/:id/deliveries/:deliveryId" element={<AdminDeliveryPage />} />
          </Route>
        </Route>
      </Route>
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
      {/* The plans on sale: anyone, signed in or not. */}
      <Route path="/pricing" element={<PricingPage />} />
      {/* The provider (Google) sends the browser back here; signed in or not (linking happens signed in). */}
      <Route path="/auth/callback/:provider" element={<AuthCallbackPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>,
  ),
);

export function App() {
  return (
    <ConnectionProvider>
      <ConnectionGate>
        <QueryProvider>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryProvider>
      </ConnectionGate>
    </ConnectionProvider>
  );
}
