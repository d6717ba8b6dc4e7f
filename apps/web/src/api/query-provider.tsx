import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useConnection } from './connection';
import { createQueryClient, installQueryErrors } from './query';

/** The query cache for the app; when the API is back after an outage, every screen's data loads again. */
export function QueryProvider({ children }: { children: ReactNode }) {
  const { status, reportUnreachable } = useConnection();
  const [queryClient] = useState(() => {
    installQueryErrors();
    return createQueryClient(reportUnreachable);
  });
  const wasOffline = useRef(false);
  useEffect(() => {
    if (status === 'offline') wasOffline.current = true;
    else if (status === 'online' && wasOffline.current) {
      wasOffline.current = false;
      void queryClient.invalidateQueries();
    }
  }, [status, queryClient]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
