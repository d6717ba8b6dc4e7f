import { Link, Navigate } from 'react-router-dom';
import { Page } from '../components/page';
import { DashboardPage } from './dashboard/dashboard-page';
import { useMe } from '../auth/auth-context';

const ADMIN_AREAS = [
  {
    to: '/admin',
    title: 'Overview',
    text: 'Today’s leads and revenue, the last 30 days, top buyers, report rates, suppliers, queues and failures.',
  },
  { to: '/admin/clients', title: 'Clients', text: 'Onboarding progress, billing modes and failed registrations.' },
  { to: '/admin/industries', title: 'Industries', text: 'What clients can sign up for, lead prices and lead columns.' },
  { to: '/admin/campaigns', title: 'Campaigns', text: 'How each industry’s leads are shared between buyers.' },
  { to: '/admin/suppliers', title: 'Suppliers', text: 'Who may post leads, to which campaigns, and their API keys.' },
  { to: '/admin/leads', title: 'Leads', text: 'Every lead, where it went and why, and reprocessing.' },
  { to: '/admin/reports', title: 'Reports', text: 'Clients’ lead reports to approve (refund) or reject.' },
  { to: '/admin/invites', title: 'Invites', text: 'Sign-up links, billable or not.' },
  { to: '/admin/xero', title: 'Xero', text: 'The accounting connection.' },
  { to: '/admin/webhooks', title: 'Webhooks', text: 'Platform endpoints, and clients’ endpoints that are failing.' },
];

/** `/` sends everyone where they belong: admins to their overview, clients to sign-up or their dashboard. */
export function HomePage() {
  const me = useMe();
  if (me.role === 'client' && me.client && me.client.onboardingStep !== 'complete') return <Navigate to="/onboarding" replace />;
  if (me.role === 'client' && me.client) return <DashboardPage />;
  return (
    <Page title="Home">
      <section className="card welcome" aria-labelledby="welcome-title">
        <h1 id="welcome-title">Welcome, {me.firstName}</h1>
        <p>You are signed in as {me.role === 'admin' ? 'an administrator' : 'a user without a client account'}.</p>
      </section>
      {me.role === 'admin' ? (
        <ul className="area-list">
          {ADMIN_AREAS.map((area) => (
            <li key={area.to} className="card">
              <h2>
                <Link to={area.to}>{area.title}</Link>
              </h2>
              <p className="muted">{area.text}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
