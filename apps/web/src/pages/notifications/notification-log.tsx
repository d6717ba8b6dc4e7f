import { getClientNotificationLogOptions, getNotificationLogOptions, type GetNotificationLogData } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { CHANNEL_LABELS, LOG_CHANNELS, LOG_OUTCOMES, OUTCOME_LABELS } from '../../api/notifications';
import { useListParams } from '../../api/url-state';
import { QueryView } from '../../components/query-view';
import { EmptyState } from '../../components/states';
import { NotificationLogTable } from './notification-log-table';

const PAGE_SIZE = 25;
const FILTER_KEYS = ['channel', 'outcome'] as const;

type LogQuery = NonNullable<GetNotificationLogData['query']>;

interface Props {
  /** Whose log: the signed-in client's own, or (admins) one client's. */
  clientId?: string;
  /** Keeps the filters apart from another list's on the same page (`notificationsChannel=sms`). */
  prefix?: string;
  caption: string;
  empty: string;
}

/**
 * Every email, text and webhook sent for a client, newest first, filtered by channel and outcome
 * (kept in the address). Paged by the API's cursor: "Older" asks for what came before the last row;
 * "Newer" goes back the way it came. While something on screen is on its way, it is read again.
 */
export function NotificationLog({ clientId, prefix = '', caption, empty }: Props) {
  const id = useId();
  const list = useListParams(FILTER_KEYS, prefix);
  const channel = LOG_CHANNELS.find((c) => c === list.filters.channel);
  const outcome = LOG_OUTCOMES.find((o) => o === list.filters.outcome);
  // The cursors of the pages gone through, for these filters only: new filters start at the newest.
  const filterKey = `${channel ?? ''}|${outcome ?? ''}`;
  const [trail, setTrail] = useState<{ filterKey: string; cursors: string[] }>({ filterKey, cursors: [] });
  const cursors = trail.filterKey === filterKey ? trail.cursors : [];
  const before = cursors.at(-1);
  const query: LogQuery = {
    limit: PAGE_SIZE,
    ...(channel ? { channel } : {}),
    ...(outcome ? { outcome } : {}),
    ...(before ? { before } : {}),
  };
  // Two routes, one page shape: the options differ only in their key's type.
  const options = (
    clientId ? getClientNotificationLogOptions({ path: { id: clientId }, query }) : getNotificationLogOptions({ query })
  ) as ReturnType<typeof getNotificationLogOptions>;
  const log = useQuery({
    ...options,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((i) => i.outcome === 'pending') ? 3_000 : false),
  });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : '';
    };
    list.setFilters({ channel: text('channel'), outcome: text('outcome') });
  }

  const go = (next: string[]) => setTrail({ filterKey, cursors: next });

  return (
    <>
      <form
        className="filters"
        role="search"
        aria-label="Filter the notification log"
        onSubmit={onFilter}
        key={JSON.stringify(list.filters)}
      >
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} name="channel" defaultValue={channel ?? ''}>
            <option value="">Any channel</option>
            {LOG_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-outcome`}>Outcome</label>
          <select id={`${id}-outcome`} name="outcome" defaultValue={outcome ?? ''}>
            <option value="">Any outcome</option>
            {LOG_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <div className="filters-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {list.filtered ? (
            <button type="button" className="button button-quiet" onClick={() => list.setFilters({ channel: '', outcome: '' })}>
              Clear
            </button>
          ) : null}
        </div>
      </form>
      <QueryView query={log} loading="Loading the notification log…" failed="We couldn't load the notification log.">
        {(page) =>
          page.items.length === 0 && cursors.length === 0 ? (
            <EmptyState>{list.filtered ? 'Nothing matches these filters.' : empty}</EmptyState>
          ) : (
            <>
              <div className="table-wrap" aria-busy={log.isFetching}>
                <NotificationLogTable items={page.items} caption={caption} />
              </div>
              <nav className="pagination" aria-label="Notification log pages">
                <button
                  type="button"
                  className="button"
                  disabled={cursors.length === 0 || log.isPlaceholderData}
                  onClick={() => go(cursors.slice(0, -1))}
                >
                  Newer
                </button>
                <span>{cursors.length === 0 ? 'Newest first' : `Older entries, page ${cursors.length + 1}`}</span>
                <button
                  type="button"
                  className="button"
                  disabled={!page.next || log.isPlaceholderData}
                  onClick={() => page.next && go([...cursors, page.next])}
                >
                  Older
                </button>
              </nav>
            </>
          )
        }
      </QueryView>
    </>
  );
}
