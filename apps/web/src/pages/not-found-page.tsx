import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <main className="centered">
      <title>Page not found · LeadFlow</title>
      <div className="card">
        <p className="eyebrow">404</p>
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link className="button button-primary" to="/">
            Go to LeadFlow
          </Link>
        </p>
      </div>
    </main>
  );
}
