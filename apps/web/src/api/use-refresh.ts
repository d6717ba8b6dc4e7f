import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';

/**
 * After a change: marks what it touched as stale, so whatever is on screen loads again (and the
 * rest when next shown). Pass the generated `…QueryKey` functions: `refresh(getBillingQueryKey,
 * listPaymentsQueryKey)` matches every page and filter of those lists; a key built with a path
 * (`getClientLedgerQueryKey({ path: { id } })`) matches that one thing's.
 */
export function useRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    async (...keys: (QueryKey | (() => QueryKey))[]) => {
      await Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: typeof key === 'function' ? key() : key })));
    },
    [queryClient],
  );
}
