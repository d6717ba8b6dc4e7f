import { getHealth } from '@leadflow/api-client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { toOutcome, type Outcome, type SdkResult } from './api-result';

export type ConnectionStatus = 'checking' | 'online' | 'offline';

interface ConnectionState {
  status: ConnectionStatus;
  /** True while a retry is in flight from the offline page. */
  retrying: boolean;
  /** How many retries have failed since the API went away. */
  failedRetries: number;
  reportUnreachable: () => void;
  retry: () => Promise<void>;
}

const ConnectionContext = createContext<ConnectionState | null>(null);

/** The API counts as reachable when /api/health answers 200; anything else means LeadFlow cannot work. */
async function apiIsUp(): Promise<boolean> {
  const { response } = (await getHealth()) as SdkResult<unknown>;
  return response?.ok === true;
}

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<ConnectionStatus>('checking');
  const [retrying, setRetrying] = useState(false);
  const [failedRetries, setFailedRetries] = useState(0);

  useEffect(() => {
    let active = true;
    void apiIsUp().then((up) => active && setStatus(up ? 'online' : 'offline'));
    return () => {
      active = false;
    };
  }, []);

  const reportUnreachable = useCallback(() => setStatus('offline'), []);

  const retry = useCallback(async () => {
    setRetrying(true);
    const up = await apiIsUp();
    setRetrying(false);
    if (up) {
      setFailedRetries(0);
      setStatus('online');
    } else {
      setFailedRetries((n) => n + 1);
    }
  }, []);

  // Coming back online is a good moment to look again without waiting for a click.
  useEffect(() => {
    if (status !== 'offline') return;
    const onOnline = () => void retry();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [status, retry]);

  const value = useMemo(
    () => ({ status, retrying, failedRetries, reportUnreachable, retry }),
    [status, retrying, failedRetries, reportUnreachable, retry],
  );
  return <ConnectionContext.Provider value={value}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): ConnectionState {
  const state = useContext(ConnectionContext);
  if (!state) throw new Error('useConnection must be used inside <ConnectionProvider>');
  return state;
}

/**
 * Settles an SDK call into an Outcome; when the API cannot be reached it also switches the
 * whole app to the "can't reach LeadFlow" page, so screens only handle the API's own answers.
 */
export function useApiCall() {
  const { reportUnreachable } = useConnection();
  return useCallback(
    async <T,>(call: Promise<SdkResult<T>>): Promise<Outcome<T>> => {
      const outcome = toOutcome(await call);
      if (!outcome.ok && outcome.failure.kind === 'unreachable') reportUnreachable();
      return outcome;
    },
    [reportUnreachable],
  );
}
