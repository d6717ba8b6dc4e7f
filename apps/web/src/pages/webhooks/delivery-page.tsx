import type { AttemptDto, DeliveryDto } from '@leadflow/api-client';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { deliveryStatusText, deliveryStatusTone, formatDateTimeSeconds, prettyJson, type WebhookScope } from '../../api/webhooks';
import { Page } from '../../components/page';
import { CopyButton } from '../../components/copy-button';
import { Notice } from '../../components/states';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';
import { useRefresh } from '../../api/use-refresh';

function statusTone(a: AttemptDto): string {
  if (a.responseStatus !== null && a.responseStatus >= 200 && a.responseStatus < 300) return 'tag-success';
  return 'tag-danger';
}

/** One try: when, how long, the headers sent (signature included), and what came back. */
function Attempt({ attempt }: { attempt: AttemptDto }) {
  const headers = Object.entries(attempt.requestHeaders);
  return (
    <li className="card attempt" aria-labelledby={`attempt-${attempt.attempt}`}>
      <div className="card-head">
        <h3 id={`attempt-${attempt.attempt}`}>Attempt {attempt.attempt}</h3>
        <span className={`tag ${statusTone(attempt)}`}>
          {attempt.responseStatus !== null ? `HTTP ${attempt.responseStatus}` : 'No answer'}
        </span>
      </div>
      <dl className="summary">
        <div>
          <dt>Started</dt>
          <dd>{formatDateTimeSeconds(attempt.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{attempt.durationMs.toLocaleString('en-GB')} ms</dd>
        </div>
        {attempt.error ? (
          <div>
            <dt>Error</dt>
            <dd className="failure-reason">{attempt.error}</dd>
          </div>
        ) : null}
        <div>
          <dt>Request headers</dt>
          <dd>
            <dl className="header-list">
              {headers.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </dd>
        </div>
        <div>
          <dt>Response body</dt>
          <dd>{attempt.responseBody ? <pre className="code-block">{attempt.responseBody}</pre> : <span className="muted">Empty</span>}</dd>
        </div>
      </dl>
    </li>
  );
}

/** One delivery: the body sent, every attempt, and "Replay" (same body, same webhook-id). Reads itself again while pending. */
export function DeliveryPage({ scope }: { scope: WebhookScope }) {
  const { id: endpointId = '', deliveryId = '' } = useParams();
  const call = useApiCall();
  const refresh = useRefresh();
  // Read again every 2 s while it is still being tried.
  const delivery = useQuery({
    ...scope.delivery(deliveryId),
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 2_000 : false),
  });
  const [replaying, setReplaying] = useState(false);
  const [replayed, setReplayed] = useState<DeliveryDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const logPath = `${scope.basePath}/${endpointId}`;

  async function replay() {
    setReplaying(true);
    setError(null);
    setReplayed(null);
    const outcome = await call(scope.replay(deliveryId));
    setReplaying(false);
    if (outcome.ok) {
      setReplayed(outcome.data);
      void refresh(scope.deliveries(endpointId, {}).queryKey);
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <Page title="Webhook delivery" wide>
      <p>
        <Link to={logPath}>← Delivery log</Link>
      </p>
      <QueryView
        query={delivery}
        loading="Loading the delivery…"
        failed={{ missing: 'No such delivery.', other: "We couldn't load the delivery." }}
      >
        {(data) => (
          <>
            <div className="page-head page-head-row">
              <div>
                <p className="eyebrow">Delivery · {formatDateTimeSeconds(data.createdAt)}</p>
                <h1>
                  <code>{data.eventType}</code>
                </h1>
              </div>
              <button type="button" className="button" onClick={() => void replay()} disabled={replaying}>
                {replaying ? 'Replaying…' : 'Replay'}
              </button>
            </div>
            {replayed ? (
              <Notice tone="success" onDismiss={() => setReplayed(null)}>
                Replayed: the same event, with the same webhook-id, is queued as a new delivery.{' '}
                <Link to={`${logPath}/deliveries/${replayed.id}`}>Follow the replay</Link>.
              </Notice>
            ) : null}
            {error ? (
              <Notice tone="error" onDismiss={() => setError(null)}>
                {error}
              </Notice>
            ) : null}
            <section className="card" aria-labelledby="delivery-summary-title" aria-live="polite">
              <h2 id="delivery-summary-title">Summary</h2>
              <dl className="summary">
                <div>
                  <dt>Status</dt>
                  <dd>
                    <span id="delivery-status" className={`tag ${deliveryStatusTone(data)}`}>
                      {deliveryStatusText(data)}
                    </span>
                    {data.status === 'pending' && data.nextAttemptAt ? (
                      <span className="muted"> · next try {formatDateTimeSeconds(data.nextAttemptAt)}</span>
                    ) : null}
                  </dd>
                </div>
                <div>
                  <dt>webhook-id</dt>
                  <dd className="copy-field">
                    <code id="delivery-event-id">{data.eventId}</code>
                    <CopyButton text={data.eventId} what="webhook-id" />
                  </dd>
                </div>
                <div>
                  <dt>Attempts</dt>
                  <dd>{data.attempts}</dd>
                </div>
                <div>
                  <dt>Last answer</dt>
                  <dd>
                    {data.lastStatusCode !== null ? (
                      `HTTP ${data.lastStatusCode}`
                    ) : data.lastError ? (
                      <span className="failure-reason">{data.lastError}</span>
                    ) : (
                      <span className="muted">None yet</span>
                    )}
                  </dd>
                </div>
                {data.completedAt ? (
                  <div>
                    <dt>Finished</dt>
                    <dd>{formatDateTimeSeconds(data.completedAt)}</dd>
                  </div>
                ) : null}
                {data.replayOf ? (
                  <div>
                    <dt>Replay of</dt>
                    <dd>
                      <Link to={`${logPath}/deliveries/${data.replayOf}`}>the original delivery</Link>
                    </dd>
                  </div>
                ) : null}
              </dl>
            </section>
            <section className="card" aria-labelledby="delivery-body-title">
              <div className="card-head">
                <h2 id="delivery-body-title">Body</h2>
                <CopyButton text={data.body} what="body" />
              </div>
              <pre className="code-block" tabIndex={0} aria-label="The JSON body sent">
                {prettyJson(data.body)}
              </pre>
            </section>
            <section className="section" aria-labelledby="attempts-title">
              <h2 id="attempts-title">Attempts</h2>
              {data.attemptLog.length === 0 ? (
                <p className="muted">Not tried yet{data.status === 'pending' ? ': it goes out in a moment.' : '.'}</p>
              ) : (
                <ol className="attempt-list" aria-label="Attempts, first to last">
                  {data.attemptLog.map((a) => (
                    <Attempt key={a.attempt} attempt={a} />
                  ))}
                </ol>
              )}
            </section>
          </>
        )}
      </QueryView>
    </Page>
  );
}
