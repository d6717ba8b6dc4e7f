import { createBoardSession, type MeDto } from '@leadflow/api-client';
import { Suspense, useState, type MouseEvent, type ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';
import { InlineLoading } from './states';

type NavItem = { to: string; label: string; end?: boolean };

/** The admin's areas, grouped as the work goes: the day, the people, the leads, the money and the plumbing. */
const ADMIN_GROUPS: { label: string; links: NavItem[] }[] = [
  { label: 'Today', links: [{ to: '/admin', label: 'Overview', end: true }] },
  {
    label: 'Clients',
    links: [
      { to: '/admin/clients', label: 'Clients' },
      { to: '/admin/invites', label: 'Invites' },
      { to: '/admin/plans', label: 'Plans' },
    ],
  },
  {
    label: 'Leads',
    links: [
      { to: '/admin/leads', label: 'Leads' },
      { to: '/admin/reports', label: 'Reports' },
      { to: '/admin/industries', label: 'Industries' },
      { to: '/admin/campaigns', label: 'Campaigns' },
      { to: '/admin/suppliers', label: 'Suppliers' },
      { to: '/admin/privacy', label: 'Privacy' },
    ],
  },
  {
    label: 'Systems',
    links: [
      { to: '/admin/xero', label: 'Xero' },
      { to: '/admin/webhooks', label: 'Webhooks' },
      { to: '/admin/usage', label: 'Usage' },
    ],
  },
];

/** Onboarded clients get a nav; Billing only when their account is billed through credit. */
function clientLinks(me: MeDto): NavItem[] {
  if (me.role !== 'client' || me.client?.onboardingStep !== 'complete') return [];
  return [
    { to: '/', label: 'Dashboard', end: true },
    { to: '/leads', label: 'Leads' },
    ...(me.client.billingMode === 'billable' ? [{ to: '/billing', label: 'Billing' }] : []),
    { to: '/integrations', label: 'Integrations' },
    { to: '/alerts', label: 'Alerts' },
    { to: '/activity', label: 'Activity' },
    { to: '/team', label: 'Team' },
    { to: '/plan', label: 'Plan' },
  ];
}

/**
 * The signed-in frame: brand, navigation for the role, the user and Log out; the page in `main`.
 * Admins get a grouped sidebar (a strip under the header on narrow screens); clients a row of
 * links. Neither wraps: on a phone the strip scrolls sideways.
 */
export function AppShell({ me, children }: { me: MeDto; children: ReactNode }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const [queuesError, setQueuesError] = useState<string | null>(null);
  const links = clientLinks(me);
  const call = useApiCall();
  const admin = me.role === 'admin';

  /**
   * Bull Board is a page of the API's, opened in a new tab: it gets its own httpOnly cookie from
   * the API first. The tab is opened at the click (so no popup blocker stops it), then sent there.
   */
  async function onOpenQueues(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = event.currentTarget.href;
    setQueuesError(null);
    const tab = window.open('', '_blank');
    const outcome = await call(createBoardSession());
    if (outcome.ok) {
      if (tab) tab.location.href = href;
      else window.location.assign(href);
    } else {
      tab?.close();
      if (outcome.failure.kind === 'api') setQueuesError(outcome.failure.message);
    }
  }

  async function onLogOut() {
    setLeaving(true);
    await signOut();
    void navigate('/login', { replace: true });
  }

  return (
    <div className={admin ? 'shell shell-admin' : 'shell'}>
      <header className="shell-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LeadFlow
        </Link>
        {!admin && links.length > 0 ? (
          <nav className="shell-nav" aria-label="Account">
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            ))}
          </nav>
        ) : null}
        <div className="shell-user">
          <Link to="/account/sign-in" className="user-name" title="Your sign-in: password and linked accounts">
            {`${me.firstName} ${me.lastName}`}
          </Link>
          <button type="button" className="button button-quiet" onClick={onLogOut} disabled={leaving}>
            {leaving ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </header>
      <div className="shell-body">
        {admin ? (
          <nav className="admin-nav" aria-label="Admin">
            {ADMIN_GROUPS.map((group) => (
              <div key={group.label} className="admin-nav-group" role="group" aria-label={group.label}>
                <span className="admin-nav-heading" aria-hidden="true">
                  {group.label}
                </span>
                {group.links.map((link) => (
                  <NavLink key={link.to} to={link.to} end={link.end}>
                    {link.label}
                  </NavLink>
                ))}
                {group.label === 'Systems' ? (
                  <a href="/admin/queues" target="_blank" rel="noreferrer" onClick={(event) => void onOpenQueues(event)}>
                    Job queues <span aria-hidden="true">↗</span>
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                ) : null}
              </div>
            ))}
            {queuesError ? (
              <p className="field-error" role="alert">
                {queuesError}
              </p>
            ) : null}
          </nav>
        ) : null}
        <main className="shell-main">
          <Suspense fallback={<InlineLoading label="Loading…" />}>{children}</Suspense>
        </main>
      </div>
    </div>
  );
}
