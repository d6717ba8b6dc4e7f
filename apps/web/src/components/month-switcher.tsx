import { useState, type ReactNode } from 'react';
import { formatMonth, monthOf, shiftMonth } from '../api/notifications';
import { failureMessage, failureStatus } from '../api/query';
import type { Query } from './query-view';
import { InlineLoading, LoadFailed } from './states';

/** The API keeps months to this century. */
const FIRST_MONTH = '2000-01';

/**
 * "← November 2026 · December 2026 · January 2027 →" over a month's figures: back to 2000, forward
 * no further than this month (nothing has happened in the future).
 */
export function MonthSwitcher({ month, busy, onMonth }: { month: string; busy: boolean; onMonth: (month: string) => void }) {
  const [thisMonth] = useState(() => monthOf(new Date()));
  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  return (
    <nav className="month-switcher" aria-label="Months" aria-busy={busy}>
      <button
        type="button"
        className="button button-small"
        onClick={() => onMonth(previous)}
        disabled={previous < FIRST_MONTH}
        aria-label={`Previous month: ${formatMonth(previous)}`}
      >
        <span aria-hidden="true">←</span> {formatMonth(previous)}
      </button>
      <p className="month-switcher-current" aria-live="polite">
        <strong>{formatMonth(month)}</strong>
      </p>
      <button
        type="button"
        className="button button-small"
        onClick={() => onMonth(next)}
        disabled={next > thisMonth}
        aria-label={`Next month: ${formatMonth(next)}`}
      >
        {formatMonth(next)} <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}

/**
 * A month's figures under the switcher. `month` is the one asked for (none: this month, as the API
 * counts it). While another month loads, its name shows with a loader, not the last month's figures;
 * if it fails, the API's refusal shows there, and the switcher stays to go elsewhere.
 */
export function MonthView<T extends { month: string }>({
  query,
  month,
  onMonth,
  loading,
  failed,
  children,
}: {
  query: Query<T>;
  month: string | undefined;
  onMonth: (month: string) => void;
  loading: string;
  failed: string;
  children: (data: T) => ReactNode;
}) {
  const data = query.data;
  const shown = month ?? data?.month;
  const status = query.isError ? failureStatus(query.error) : 0;
  // Asking again gets the same answer to a 4xx; a 5xx may pass.
  const retry = status >= 500 || status === 0 || status === 429 ? () => void query.refetch() : undefined;
  return (
    <>
      {shown ? <MonthSwitcher month={shown} busy={query.isFetching} onMonth={onMonth} /> : null}
      {data && data.month === shown ? (
        children(data)
      ) : query.isError ? (
        <LoadFailed title={failed} message={failureMessage(query.error)} onRetry={retry} />
      ) : (
        <InlineLoading label={shown ? `Loading ${formatMonth(shown)}…` : loading} />
      )}
    </>
  );
}
