import { type EndpointDto, type EventTypeDto } from '@leadflow/api-client';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import {
  DELIVERY_STATUS_LABELS,
  DELIVERY_STATUSES,
  deliveryStatusText,
  deliveryStatusTone,
  formatDateTimeSeconds,
  localInputAgo,
  localToIso,
  type DeliveriesQuery,
  type EventType,
  type WebhookScope,
} from '../../api/webhooks';
import { FormAlert, SubmitButton } from '../../components/form';
import { Modal } from '../../components/modal';
import { Notice } from '../../components/states';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedList } from '../../components/query-view';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';

const PAGE_SIZE = 20;
const DAY_MS = 86_400_000;

interface Props {
  scope: WebhookScope;
  endpoint: EndpointDto;
  catalog: EventTypeDto[] | undefined;
}

/**
 * The endpoint's deliveries, newest first, filtered by status, event type and time (kept in the
 * URL, so a link can open the failures). While a visible delivery is still pending, the log reads
 * itself again every 2 s.
 */
export function DeliveryLog({ scope, endpoint, catalog }: Props) {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams(['status', 'eventType', 'since']);
  const status = DELIVERY_STATUSES.find((s) => s === list.filters.status);
  // Checked by the API (an unknown type is refused with a message), so the log needn't wait for the catalog.
  const eventTypeParam = list.filters.eventType;
  const eventType = /^[a-z_]+\.[a-z_]+$/.test(eventTypeParam) ? (eventTypeParam as EventType) : undefined;
  const since = list.filters.since;
  const page = list.page;
  const sinceIso = localToIso(since);
  const query: DeliveriesQuery = {
    page,
    pageSize: PAGE_SIZE,
    ...(status ? { status } : {}),
    ...(eventType ? { eventType } : {}),
    ...(sinceIso ? { since: sinceIso } : {}),
  };
  const deliveries = useQuery({
    ...scope.deliveries(endpoint.id, query),
    placeholderData: keepPreviousData,
    // While a delivery on screen is still being tried, read the page again every 2 s.
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === 'pending') ? 2_000 : false),
  });

  const [replaying, setReplaying] = useState(false);
  const [replaySince, setReplaySince] = useState('');
  const [replayBusy, setReplayBusy] = useState(false);
  const [replayError, setReplayError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const update = list.setFilters;

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    update({ status: text('status'), eventType: text('eventType'), since: text('since') });
  }

  async function replayFailed(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const iso = localToIso(replaySince);
    if (!iso) return setReplayError('Choose a date and time.');
    setReplayError(null);
    setReplayBusy(true);
    const outcome = await call(scope.replayFailed(endpoint.id, iso));
    setReplayBusy(false);
    if (outcome.ok) {
      setReplaying(false);
      const n = outcome.data.replayed;
      setMessage(
        n === 0
          ? 'No deliveries failed since then: nothing to replay.'
          : `${n} failed ${n === 1 ? 'delivery is' : 'deliveries are'} queued again, oldest first, each with its original webhook-id.`,
      );
      void refresh(scope.deliveries(endpoint.id, {}).queryKey);
    } else if (outcome.failure.kind === 'api') {
      setReplayError(outcome.failure.message);
    }
  }

  return (
    <section className="section" aria-labelledby="delivery-log-title">
      <div className="page-head-row">
        <h2 id="delivery-log-title">Delivery log</h2>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setReplaySince(localInputAgo(DAY_MS));
            setReplayError(null);
            setReplaying(true);
          }}
          disabled={!endpoint.active}
          aria-describedby={endpoint.active ? undefined : 'replay-needs-active'}
        >
          Replay failed since…
        </button>
      </div>
      {endpoint.active ? null : (
        <p id="replay-needs-active" className="field-hint">
          Switch the endpoint on to send or replay deliveries.
        </p>
      )}
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <form className="filters" role="search" aria-label="Filter deliveries" onSubmit={onFilter} key={JSON.stringify(list.filters)}>
        <div className="field">
          <label htmlFor="deliveries-status">Status</label>
          <select id="deliveries-status" name="status" defaultValue={status ?? ''}>
            <option value="">Any status</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DELIVERY_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="deliveries-type">Event type</label>
          <select id="deliveries-type" name="eventType" defaultValue={eventType ?? ''}>
            <option value="">Any event type</option>
            {catalog?.map((t) => (
              <option key={t.type} value={t.type}>
                {t.type}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="deliveries-since">Since</label>
          <input id="deliveries-since" name="since" type="datetime-local" defaultValue={since} />
        </div>
        <div className="filters-actions">
          <button type="submit" className="button">
            Apply
          </button>
          {list.filtered ? (
            <button type="button" className="button button-quiet" onClick={() => update({ status: '', eventType: '', since: '' })}>
              Clear
            </button>
          ) : null}
        </div>
      </form>
      <PagedList
        query={deliveries}
        loading="Loading the delivery log…"
        failed="We couldn't load the delivery log."
        empty={list.filtered ? 'No deliveries match these filters.' : 'Nothing sent yet. Send a test event to see one here.'}
        noun={['delivery', 'deliveries']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event type</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td data-label="Event type">
                    <Link
                      to={`${scope.basePath}/${endpoint.id}/deliveries/${d.id}`}
                      aria-label={`${d.eventType} delivery of ${formatDateTimeSeconds(d.createdAt)}`}
                    >
                      <code>{d.eventType}</code>
                    </Link>
                    {d.replayOf ? <span className="muted"> · replay</span> : null}
                  </td>
                  <td data-label="Status">
                    <span className={`tag ${deliveryStatusTone(d)}`}>{deliveryStatusText(d)}</span>
                    {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 ? (
                      <div className="muted">next try {formatDateTimeSeconds(d.nextAttemptAt)}</div>
                    ) : null}
                  </td>
                  <td data-label="Attempts" className="numeric">
                    {d.attempts}
                  </td>
                  <td data-label="Last answer">
                    {d.lastStatusCode !== null ? (
                      <span className={d.lastStatusCode >= 200 && d.lastStatusCode < 300 ? undefined : 'failure-reason'}>
                        HTTP {d.lastStatusCode}
                      </span>
                    ) : null}
                    {d.lastError && d.lastStatusCode === null ? <span className="failure-reason">{d.lastError}</span> : null}
                    {d.lastStatusCode === null && !d.lastError ? <span className="muted">—</span> : null}
                  </td>
                  <td data-label="Created">{formatDateTimeSeconds(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      <Modal open={replaying} title="Replay failed deliveries" busy={replayBusy} onClose={() => setReplaying(false)}>
        <form onSubmit={(e) => void replayFailed(e)} noValidate>
          <p>
            Every delivery to this endpoint that failed at or after this time is sent again, oldest first, with its original body and
            webhook-id.
          </p>
          <div className="field">
            <label htmlFor="replay-since">Failed since</label>
            <input id="replay-since" type="datetime-local" value={replaySince} onChange={(e) => setReplaySince(e.target.value)} required />
          </div>
          {replayError ? <FormAlert>{replayError}</FormAlert> : null}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setReplaying(false)} disabled={replayBusy}>
              Cancel
            </button>
            <SubmitButton busy={replayBusy} busyLabel="Replaying…">
              Replay failed deliveries
            </SubmitButton>
          </div>
        </form>
      </Modal>
    </section>
  );
}
