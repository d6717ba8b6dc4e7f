import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The frame of the signed-out pages: the product name over one card. */
export function AuthLayout({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="auth-page">
      <header className="auth-brand">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LeadFlow
        </Link>
      </header>
      <main className="card auth-card">
        <title>{`${title} · LeadFlow`}</title>
        <h1>{title}</h1>
        {intro ? <div className="intro">{intro}</div> : null}
        {children}
      </main>
      {footer ? <footer className="auth-footer">{footer}</footer> : null}
    </div>
  );
}
