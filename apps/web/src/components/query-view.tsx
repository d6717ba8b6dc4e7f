import type { PageMetaDto } from '@leadflow/api-client';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { failureMessage } from '../api/query';
import { Pagination } from './pagination';
import { EmptyState, InlineLoading, LoadFailed } from './states';

type Query<T> = Pick<UseQueryResult<T, unknown>, 'data' | 'error' | 'isError' | 'isFetching' | 'refetch'>;

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
  /** "We couldn't load your payments." */
  failed: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return children(query.data);
  if (query.isError) return <LoadFailed title={failed} message={failureMessage(query.error)} onRetry={() => void query.refetch()} />;
  return <InlineLoading label={loading} />;
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
  children,
}: {
  query: Query<Page>;
  loading: string;
  failed: string;
  empty: ReactNode;
  /** ['payment', 'payments'], for "Page 2 of 5 · 93 payments" and the pager's label. */
  noun: [string, string];
  onPage: (page: number) => void;
  children: (items: Page['items'], page: Page) => ReactNode;
}) {
  return (
    <QueryView query={query} loading={loading} failed={failed}>
      {(page) =>
        page.items.length === 0 && page.meta.page <= 1 ? (
          <EmptyState>{empty}</EmptyState>
        ) : (
          <>
            <div className="table-wrap" aria-busy={query.isFetching}>
              {children(page.items, page)}
            </div>
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
