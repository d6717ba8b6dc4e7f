import type { PageMetaDto } from '@leadflow/api-client';

/**
 * Previous / "Page 2 of 5 · 93 payments" / Next, under a paged table. A very large list is counted
 * only so far: "Page 2 of 201+ · 10,001+ leads".
 */
export function Pagination({
  meta,
  busy,
  noun,
  label,
  onPage,
}: {
  meta: PageMetaDto;
  busy: boolean;
  noun: [string, string];
  label: string;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(meta.total / meta.pageSize));
  const more = meta.totalIsLowerBound ? '+' : '';
  const count = `${meta.total}${more} ${meta.total === 1 && !more ? noun[0] : noun[1]}`;
  if (pages <= 1 && meta.page <= 1) {
    return <p className="pagination-count muted">{count}</p>;
  }
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="button" disabled={meta.page <= 1 || busy} onClick={() => onPage(meta.page - 1)}>
        Previous
      </button>
      <span>
        Page {meta.page} of {pages}
        {more} · {count}
      </span>
      <button type="button" className="button" disabled={meta.page >= pages || busy} onClick={() => onPage(meta.page + 1)}>
        Next
      </button>
    </nav>
  );
}
