import { useEffect, useRef, useState } from 'react';
import type { SdkResult } from './api-result';
import { useApiCall } from './connection';

/**
 * While `active`, re-reads in the background every `intervalMs` (no spinner, no flicker) and hands
 * each answer to `apply`. A new `key` (other filters, another page) drops an answer still in flight.
 */
export function usePollWhile<T>(
  active: boolean,
  load: () => Promise<SdkResult<T>>,
  apply: (data: T) => void,
  key = '',
  intervalMs = 2_000,
): void {
  const call = useApiCall();
  const [tick, setTick] = useState(0);
  // The latest closures, so the timer restarts only on its own tick, not on every render.
  const latest = useRef({ load, apply });
  useEffect(() => {
    latest.current = { load, apply };
  });

  useEffect(() => {
    if (!active) return;
    let live = true;
    const timer = setTimeout(
      () =>
        void call(latest.current.load()).then((outcome) => {
          if (!live) return;
          if (outcome.ok) latest.current.apply(outcome.data);
          else if (outcome.failure.kind === 'unreachable') return; // the offline page is showing
          setTick((n) => n + 1);
        }),
      intervalMs,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [active, key, tick, intervalMs, call]);
}
