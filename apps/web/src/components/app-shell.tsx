import type { MeDto } from '@leadflow/api-client';
import { useState, type ReactNode } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';

const ADMIN_LINKS = [
  { to: '/admin/clients', label: 'Clients' },
  { to: '/admin/industries', label: 'Industries' },
  { to: '/admin/invites', label: 'Invites' },
  { to: '/admin/xero', label: 'Xero' },
];

/** The signed-in frame: brand, navigation for the role, the user and Log out. */
export function AppShell({ me, title, children, wide = false }: { me: MeDto; title: string; children: ReactNode; wide?: boolean }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  async function onLogOut() {
    setLeaving(true);
    await signOut();
    navigate('/login', { replace: true });
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
              <NavLink key={link.to} to={link.to}>
                {link.label}
              </NavLink>
            ))}
            <a href="/admin/queues">Job queues</a>
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
