import { useEffect, useRef } from 'react';
import { useConnection } from '../api/connection';

/** Shown over the whole app when the API does not answer at all (as opposed to answering with an error). */
export function UnreachablePage() {
  const { retry, retrying, failedRetries } = useConnection();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  return (
    <main className="centered">
      <title>Can't reach LeadFlow</title>
      <div className="card unreachable">
        <span className="unreachable-icon" aria-hidden="true" />
        <h1 ref={heading} tabIndex={-1}>
          We can't reach LeadFlow right now
        </h1>
        <p>Check your internet connection. If it's working, LeadFlow may be briefly unavailable — try again in a moment.</p>
        <button type="button" className="button button-primary" onClick={() => void retry()} disabled={retrying}>
          {retrying ? (
            <>
              <span className="spinner spinner-small" aria-hidden="true" />
              Checking…
            </>
          ) : (
            'Retry'
          )}
        </button>
        <p className="muted" role="status">
          {failedRetries > 0 && !retrying ? `Still no answer (tried ${failedRetries} ${failedRetries === 1 ? 'time' : 'times'}).` : ''}
        </p>
      </div>
    </main>
  );
}
