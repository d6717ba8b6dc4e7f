import { useState } from 'react';
import { formatMonth, monthOf, shiftMonth } from '../api/notifications';

/**
 * "← October 2026 · November 2026 · December 2026 →" over a month's figures: back as far as one
 * likes, forward no further than this month (nothing has happened in the future).
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
