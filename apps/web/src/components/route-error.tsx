import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** A lazily loaded part of the app that is no longer on the server: the app was updated since this tab opened it. */
export function isStaleChunk(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported|Failed to fetch/i.test(message);
}

/**
 * What the router shows when a page cannot be shown: after a deploy a tab still open asks for a
 * chunk that is gone, and a reload fetches the new app; anything else says so, with the same way out.
 */
export function RouteError() {
  const error = useRouteError();
  const stale = isStaleChunk(error);
  const missing = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="centered">
      <title>{stale ? 'LeadFlow was updated' : 'Something went wrong · LeadFlow'}</title>
      <div className="card narrow-card" role="alert">
        <h1>{stale ? 'LeadFlow was updated' : missing ? 'Page not found' : 'Something went wrong'}</h1>
        <p>
          {stale
            ? 'A new version of LeadFlow is out since this page was opened. Reload to get it; nothing you saved is lost.'
            : 'This page could not be shown. Reloading usually fixes it; if it does not, tell the LeadFlow team what you were doing.'}
        </p>
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <a className="button" href="/">
            Go to the dashboard
          </a>
        </div>
      </div>
    </main>
  );
}
