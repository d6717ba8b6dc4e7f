import type { ActivityDto, ActivityPageDto } from '@leadflow/api-client';
import { useState } from 'react';
import type { SdkResult } from '../../api/api-result';
import { actionText, describeChanges, type Change } from '../../api/activity';
import { formatDateTime } from '../../api/format';
import { useLoad } from '../../api/use-load';
import { Pagination } from '../../components/pagination';
import { EmptyState, InlineLoading, LoadFailed } from '../../components/states';

const PAGE_SIZE = 25;
/** More changes than this fold away under "N more". */
const SHOWN_CHANGES = 4;

function ChangeLine({ change }: { change: Change }) {
  if (change.kind === 'list') {
    return (
      <li>
        <span className="change-key">{change.label}</span> {change.added ? <ins>+ {change.added}</ins> : null}
        {change.added && change.removed ? ' ' : null}
        {change.removed ? <del>− {change.removed}</del> : null}
      </li>
    );
  }
  return (
    <li>
      <span className="change-key">{change.label}</span>{' '}
      {change.from !== undefined && change.to !== undefined ? (
        <>
          <del>{change.from}</del> → <ins>{change.to}</ins>
        </>
      ) : change.to !== undefined ? (
        <span>{change.to}</span>
      ) : (
        <del>{change.from}</del>
      )}
    </li>
  );
}

/** before → after, one line per field that changed; long lists fold. */
function Changes({ item }: { item: ActivityDto }) {
  const changes = describeChanges(item.before, item.after);
  if (changes.length === 0) return <span className="muted">—</span>;
  const shown = changes.slice(0, SHOWN_CHANGES);
  const rest = changes.slice(SHOWN_CHANGES);
  return (
    <>
      <ul className="change-list">
        {shown.map((c) => (
          <ChangeLine key={c.key} change={c} />
        ))}
      </ul>
      {rest.length > 0 ? (
        <details className="change-more">
          <summary>{rest.length} more</summary>
          <ul className="change-list">
            {rest.map((c) => (
              <ChangeLine key={c.key} change={c} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

interface Props {
  load: (page: number, pageSize: number) => Promise<SdkResult<ActivityPageDto>>;
  /** Tells one log from another (e.g. the client's id), so a new one starts on page 1. */
  loadKey: string;
  caption: string;
  empty: string;
}

/** An activity log, newest first: when, who, what in words, and the values before and after. */
export function ActivityLog({ load, loadKey, caption, empty }: Props) {
  const [page, setPage] = useState(1);
  const activity = useLoad<ActivityPageDto>(() => load(page, PAGE_SIZE), `${loadKey}|${page}`);
  const data = activity.data;

  if (activity.error && !data)
    return <LoadFailed title="We couldn't load the activity log." message={activity.error.message} onRetry={activity.reload} />;
  if (!data) return <InlineLoading label="Loading the activity log…" />;
  if (data.items.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <>
      <div className="table-wrap" aria-busy={activity.loading}>
        <table className="table activity-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.id}>
                <td data-label="When">{formatDateTime(item.createdAt)}</td>
                <td data-label="Who">{item.actor ?? <span className="muted">LeadFlow (automatic)</span>}</td>
                <td data-label="What">{actionText(item.action)}</td>
                <td data-label="Change">
                  <Changes item={item} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination meta={data.meta} busy={activity.loading} noun={['change', 'changes']} label="Activity pages" onPage={setPage} />
    </>
  );
}
