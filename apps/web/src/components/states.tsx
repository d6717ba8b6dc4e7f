import type { ReactNode } from 'react';

/** A spinner and what is loading, inside a page (the whole-screen one is LoadingScreen). */
export function InlineLoading({ label }: { label: string }) {
  return (
    <div className="loading inline-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** The API refused a load: say what it said and offer to try again. */
export function LoadFailed({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{title}</strong> {message}
      </p>
      {onRetry ? (
        <button type="button" className="button button-quiet" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** A success or information banner, announced politely. */
export function Notice({ tone, children, onDismiss }: { tone: 'success' | 'info' | 'error'; children: ReactNode; onDismiss?: () => void }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div>{children}</div>
      {onDismiss ? (
        <button type="button" className="button button-quiet notice-dismiss" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state">{children}</div>;
}
