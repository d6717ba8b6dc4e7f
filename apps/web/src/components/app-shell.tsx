import { createBoardSession, type MeDto } from '@leadflow/api-client';
import { useState, type MouseEvent, type ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';

const ADMIN_LINKS: { to: string; label: string; end?: boolean }[] = [
  { to: '/admin', label: 'Overview', end: true },
  { to: '/admin/clients', label: 'Clients' },
  { to: '/admin/industries', label: 'Industries' },
  { to: '/admin/campaigns', label: 'Campaigns' },
  { to: '/admin/suppliers', label: 'Suppliers' },
  { to: '/admin/leads', label: 'Leads' },
  { to: '/admin/reports', label: 'Reports' },
  { to: '/admin/invites', label: 'Invites' },
  { to: '/admin/xero', label: 'Xero' },
  { to: '/admin/webhooks', label: 'Webhooks' },
];

/** Onboarded clients get a nav; Billing only when their account is billed through credit. */
function clientLinks(me: MeDto): { to: string; label: string; end?: boolean }[] {
  if (me.role !== 'client' || me.client?.onboardingStep !== 'complete') return [];
  return [
    { to: '/', label: 'Dashboard', end: true },
    { to: '/leads', label: 'Leads' },
    ...(me.client.billingMode === 'billable' ? [{ to: '/billing', label: 'Billing' }] : []),
    { to: '/integrations', label: 'Integrations' },
    { to: '/activity', label: 'Activity' },
    { to: '/team', label: 'Team' },
  ];
}

/** The signed-in frame: brand, navigation for the role, the user and Log out. */
export function AppShell({ me, title, children, wide = false }: { me: MeDto; title: string; children: ReactNode; wide?: boolean }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const links = clientLinks(me);

  const call = useApiCall();

  /** Bull Board is a page of the API's: it gets its own httpOnly cookie from the API, then opens. */
  async function onOpenQueues(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = event.currentTarget.href;
    await call(createBoardSession());
    window.location.assign(href);
  }

  async function onLogOut() {
    setLeaving(true);
    await signOut();
    void navigate('/login', { replace: true });
  }

  return (
    <div className="shell">
      <title>{`${title} · LeadFlow`}</title>
      <header className="shell-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LeadFlow
        </Link>
        {me.role === 'admin' ? (
          <nav className="shell-nav" aria-label="Admin">
            {ADMIN_LINKS.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            ))}
            <a href="/admin/queues" onClick={(event) => void onOpenQueues(event)}>
              Job queues
            </a>
          </nav>
        ) : links.length > 0 ? (
          <nav className="shell-nav" aria-label="Account">
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end}>
                {link.label}
              </NavLink>
            ))}
          </nav>
        ) : null}
        <div className="shell-user">
          <span className="user-name">{`${me.firstName} ${me.lastName}`}</span>
          <button type="button" className="button button-quiet" onClick={onLogOut} disabled={leaving}>
            {leaving ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </header>
      <main className={wide ? 'shell-main shell-main-wide' : 'shell-main'}>{children}</main>
    </div>
  );
}
