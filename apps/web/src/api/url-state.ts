import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

const paramName = (prefix: string, key: string) => (prefix ? `${prefix}${key[0]!.toUpperCase()}${key.slice(1)}` : key);

/**
 * A list's filters and page, kept in the address: a reload, Back, a shared link or a bookmark
 * shows the same rows. `prefix` keeps two lists on one page apart (`invoicesPage=2`). Changing a
 * filter goes back to page 1.
 */
export function useListParams<Key extends string>(keys: readonly Key[], prefix = '') {
  const [params, setParams] = useSearchParams();
  const pageKey = paramName(prefix, 'page');
  const filters = Object.fromEntries(keys.map((key) => [key, params.get(paramName(prefix, key)) ?? ''])) as Record<Key, string>;
  const page = Math.max(1, Math.floor(Number(params.get(pageKey))) || 1);

  const update = useCallback(
    (changes: Partial<Record<Key, string>>, nextPage = 1) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes) as [string, string | undefined][]) {
          if (value) next.set(paramName(prefix, key), value);
          else next.delete(paramName(prefix, key));
        }
        if (nextPage > 1) next.set(pageKey, String(nextPage));
        else next.delete(pageKey);
        return next;
      });
    },
    [setParams, prefix, pageKey],
  );
  const setPage = useCallback((nextPage: number) => update({}, nextPage), [update]);
  return { filters, page, setFilters: update, setPage, filtered: Object.values<string>(filters).some(Boolean) };
}

/** The month a usage page shows, kept in the address as `?month=2026-12`; none means this month (the API's default). */
export function useMonthParam(): [string | undefined, (month: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('month') ?? '';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) ? raw : undefined;
  const setMonth = useCallback(
    (next: string | undefined) =>
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (next) updated.set('month', next);
        else updated.delete('month');
        return updated;
      }),
    [setParams],
  );
  return [month, setMonth];
}
