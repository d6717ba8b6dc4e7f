import type { PageMetaDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { failureMessage, failureStatus } from '../api/query';
import { Pagination } from './pagination';
import { EmptyState, InlineLoading, LoadFailed } from './states';

/** What the views read of a query (a TanStack Query result, or several joined by allOf). */
export interface Query<T> {
  data: T | undefined;
  error: unknown;
  isError: boolean;
  isFetching: boolean;
  refetch: () => Promise<unknown>;
}

/**
 * One load's three faces: loading, the API's refusal (with Try again), or the data. The last data
 * stays on screen while it is fetched again (a new page, a poll), so nothing flashes empty.
 */
export function QueryView<T>({
  query,
  loading,
  failed,
  children,
}: {
  query: Query<T>;
  /** "Loading payments…" */
  loading: string;
  /** "We couldn't load your payments.", or one title for "not there" (404, or an id that is no id: 400) and one for the rest. */
  failed: string | { missing: string; other: string };
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return children(query.data);
  if (query.isError) {
    const status = failureStatus(query.error);
    const missing = status === 404 || status === 400;
    const title = typeof failed === 'string' ? failed : missing ? failed.missing : failed.other;
    // Asking again gets the same answer to a 4xx; a 5xx may pass.
    const retry = status >= 500 || status === 0 || status === 429 ? () => void query.refetch() : undefined;
    return <LoadFailed title={title} message={failureMessage(query.error)} onRetry={retry} />;
  }
  return <InlineLoading label={loading} />;
}

/**
 * Several loads as one, for a screen that needs them all: the data once every one has answered,
 * the first refusal, and Try again asks again for each.
 */
export function allOf<T extends unknown[]>(...queries: { [K in keyof T]: Query<T[K]> }): Query<T> {
  const failed = queries.find((q) => q.isError);
  const ready = queries.every((q) => q.data !== undefined);
  return {
    data: ready ? (queries.map((q) => q.data) as T) : undefined,
    error: failed?.error ?? null,
    isError: failed !== undefined,
    isFetching: queries.some((q) => q.isFetching),
    refetch: () => Promise.all(queries.map((q) => q.refetch())),
  };
}

/**
 * A page of a list: loading, failed, empty (`empty` says why: nothing yet, or nothing matches the
 * filters), or the rows and the pager under them. Tables turn into cards on a phone by their
 * cells' `data-label`s (styles.css), so every list reads at 390 px.
 */
export function PagedList<Page extends { items: unknown[]; meta: PageMetaDto }>({
  query,
  loading,
  failed,
  empty,
  noun,
  onPage,
  plain = false,
  children,
}: {
  query: Query<Page>;
  loading: string;
  failed: string;
  empty: ReactNode;
  /** ['payment', 'payments'], for "Page 2 of 5 · 93 payments" and the pager's label. */
  noun: [string, string];
  onPage: (page: number) => void;
  /** The rows are a list of their own (not a table): no scrolling table frame around them. */
  plain?: boolean;
  children: (items: Page['items'], page: Page) => ReactNode;
}) {
  return (
    <QueryView query={query} loading={loading} failed={failed}>
      {(page) =>
        page.items.length === 0 && page.meta.page <= 1 ? (
          <EmptyState>{empty}</EmptyState>
        ) : (
          <>
            {plain ? (
              children(page.items, page)
            ) : (
              <div className="table-wrap" aria-busy={query.isFetching}>
                {children(page.items, page)}
              </div>
            )}
            <Pagination
              meta={page.meta}
              busy={query.isFetching}
              noun={noun}
              label={`${noun[1][0]!.toUpperCase()}${noun[1].slice(1)} pages`}
              onPage={onPage}
            />
          </>
        )
      }
    </QueryView>
  );
}
