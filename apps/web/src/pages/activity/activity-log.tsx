import { listActivityOptions, listClientActivityOptions, type ActivityDto } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { actionText, describeChanges, type Change } from '../../api/activity';
import { formatDateTime } from '../../api/format';
import { useListParams } from '../../api/url-state';
import { PagedList } from '../../components/query-view';

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
  const changes = describeChanges(item.before, item.after, item.action);
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
  /** Whose log: the signed-in client's own, or (admins) one client's. */
  clientId?: string;
  caption: string;
  empty: string;
}

/** An activity log, newest first: when, who, what in words, and the values before and after. */
export function ActivityLog({ clientId, caption, empty }: Props) {
  const list = useListParams([], 'activity');
  const query = { page: list.page, pageSize: PAGE_SIZE };
  // Two routes, one page shape: the options differ only in their key's type.
  const options = (clientId ? listClientActivityOptions({ path: { id: clientId }, query }) : listActivityOptions({ query })) as ReturnType<
    typeof listActivityOptions
  >;
  const activity = useQuery({ ...options, placeholderData: keepPreviousData });

  return (
    <PagedList
      query={activity}
      loading="Loading the activity log…"
      failed="We couldn't load the activity log."
      empty={empty}
      noun={['change', 'changes']}
      onPage={list.setPage}
    >
      {(items) => (
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
            {items.map((item) => (
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
      )}
    </PagedList>
  );
}
