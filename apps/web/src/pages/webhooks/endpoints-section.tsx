import { type EndpointDto, type EndpointWithSecretDto, listEventTypesOptions } from '@leadflow/api-client';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import type { WebhookScope } from '../../api/webhooks';
import { LoadFailed, Notice } from '../../components/states';
import { EndpointForm } from './endpoint-form';
import { EndpointState, EventTypeList } from './endpoint-summary';
import { NewSecret } from './new-secret';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedList } from '../../components/query-view';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';
import { failureMessage } from '../../api/query';

const PAGE_SIZE = 20;

interface Props {
  scope: WebhookScope;
  title: string;
  intro: ReactNode;
  empty: string;
  /** A message from the page that sent us here (e.g. "… is deleted"). */
  notice?: string | null;
  onDismissNotice?: () => void;
}

/** The endpoints of a client (or the platform's): each with its state and event types, "Add endpoint", and its secret once. */
export function EndpointsSection({ scope, title, intro, empty, notice, onDismissNotice }: Props) {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams([], 'endpoints');
  const endpoints = useQuery({ ...scope.list(list.page, PAGE_SIZE), placeholderData: keepPreviousData });
  const eventTypes = useQuery(listEventTypesOptions());
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<EndpointWithSecretDto | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; content: ReactNode } | null>(null);
  const [testing, setTesting] = useState<string | null>(null);

  async function sendTest(endpoint: EndpointDto) {
    setTesting(endpoint.id);
    setMessage(null);
    const outcome = await call(scope.sendTest(endpoint.id));
    setTesting(null);
    if (outcome.ok) {
      setMessage({
        tone: 'success',
        content: (
          <>
            A test event is on its way to {endpoint.url}. <Link to={`${scope.basePath}/${endpoint.id}`}>Follow it in the delivery log</Link>
            .
          </>
        ),
      });
    } else if (outcome.failure.kind === 'api') {
      setMessage({ tone: 'error', content: outcome.failure.message });
    }
  }

  return (
    <section className="section" aria-labelledby="endpoints-title">
      <div className="page-head-row">
        <h2 id="endpoints-title">{title}</h2>
        {adding || created ? null : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setMessage(null);
              setAdding(true);
            }}
            disabled={!eventTypes.data}
          >
            Add endpoint
          </button>
        )}
      </div>
      <div className="muted">{intro}</div>
      {notice ? (
        <Notice tone="success" onDismiss={onDismissNotice}>
          {notice}
        </Notice>
      ) : null}
      {message ? (
        <Notice tone={message.tone} onDismiss={() => setMessage(null)}>
          {message.content}
        </Notice>
      ) : null}
      {created ? <NewSecret created={created} rotated={false} onDone={() => setCreated(null)} /> : null}
      {eventTypes.isError && !eventTypes.data ? (
        <LoadFailed
          title="We couldn't load the event types."
          message={failureMessage(eventTypes.error)}
          onRetry={() => void eventTypes.refetch()}
        />
      ) : null}
      {adding && eventTypes.data ? (
        <EndpointForm
          scope={scope}
          endpoint={null}
          eventTypes={eventTypes.data}
          onCancel={() => setAdding(false)}
          onSaved={() => setAdding(false)}
          onCreated={(result) => {
            setAdding(false);
            setCreated(result);
            list.setPage(1);
            void refresh(scope.listKey);
          }}
        />
      ) : null}
      <PagedList
        query={endpoints}
        loading="Loading endpoints…"
        failed="We couldn't load the endpoints."
        empty={empty}
        noun={['endpoint', 'endpoints']}
        onPage={list.setPage}
        plain
      >
        {(items) => (
          <ul className="endpoint-list" aria-label="Webhook endpoints" aria-busy={endpoints.isFetching}>
            {items.map((e) => (
              <li key={e.id} className="endpoint-item">
                <div className="endpoint-main">
                  <Link to={`${scope.basePath}/${e.id}`} className="endpoint-url">
                    {e.url}
                  </Link>
                  {e.description ? <p className="endpoint-description">{e.description}</p> : null}
                  <EndpointState endpoint={e} />
                  <EventTypeList endpoint={e} catalog={eventTypes.data} />
                </div>
                <div className="row-actions">
                  <Link className="button button-small" to={`${scope.basePath}/${e.id}`} aria-label={`Delivery log of ${e.url}`}>
                    Delivery log
                  </Link>
                  {e.active ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void sendTest(e)}
                      disabled={testing !== null}
                      aria-label={`Send test event to ${e.url}`}
                    >
                      {testing === e.id ? 'Sending…' : 'Send test event'}
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}
