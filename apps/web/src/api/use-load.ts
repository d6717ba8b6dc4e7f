import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure, SdkResult } from './api-result';
import { useApiCall } from './connection';

export interface LoadState<T> {
  /** The last answer; kept while a reload is in flight so screens don't flash empty. */
  data: T | undefined;
  /** The API's refusal of the last load (an unreachable API shows the offline page instead). */
  error: ApiFailure | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data with a newer answer (e.g. the state a form submit returned), or updates it. */
  setData: (next: T | ((previous: T) => T)) => void;
}

/**
 * Loads one thing from the API when the screen mounts and again whenever `key` changes
 * (filters, page). `load` is read when the load starts, so it may close over fresh props.
 */
export function useLoad<T>(load: () => Promise<SdkResult<T>>, key = ''): LoadState<T> {
  const call = useApiCall();
  const loadRef = useRef(load);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiFailure | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let active = true;
    setLoading(true);
    void call(loadRef.current()).then((outcome) => {
      if (!active) return;
      setLoading(false);
      if (outcome.ok) {
        setData(outcome.data);
        setError(undefined);
      } else if (outcome.failure.kind === 'api') {
        setError(outcome.failure);
      } else {
        setError({ kind: 'api', status: 0, message: "We couldn't reach LeadFlow.", fields: {} });
      }
    });
    return () => {
      active = false;
    };
  }, [key, attempt, call]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((next: T | ((previous: T) => T)) => {
    // Only called once data is there, so `previous` is defined for updaters.
    setData((previous) => (typeof next === 'function' ? (next as (p: T) => T)(previous as T) : next));
    setError(undefined);
  }, []);
  return { data, error, loading, reload, setData: replace };
}
