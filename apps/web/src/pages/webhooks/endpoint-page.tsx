import { type EndpointDto, type EndpointWithSecretDto, type EventTypeDto, listEventTypesOptions } from '@leadflow/api-client';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDateTime } from '../../api/format';
import { isOwner } from '../../api/team';
import type { WebhookScope } from '../../api/webhooks';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Notice } from '../../components/states';
import { DeliveryLog } from './delivery-log';
import { EndpointForm } from './endpoint-form';
import { EndpointState, EventTypeList } from './endpoint-summary';
import { NewSecret } from './new-secret';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';
import { useRefresh } from '../../api/use-refresh';
import { useMe } from '../../auth/auth-context';

/** What the endpoints list may be told by this page (after a delete). */
export interface EndpointsNotice {
  deleted?: string;
}

type Confirming = 'switch-off' | 'rotate' | 'delete' | null;

function Settings({
  scope,
  endpoint,
  catalog,
  children,
}: {
  scope: WebhookScope;
  endpoint: EndpointDto;
  catalog: EventTypeDto[] | undefined;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby="endpoint-settings-title">
      <h2 id="endpoint-settings-title">Settings</h2>
      <dl className="summary">
        <div>
          <dt>State</dt>
          <dd>
            <EndpointState endpoint={endpoint} />
          </dd>
        </div>
        <div>
          <dt>Event types</dt>
          <dd>
            <EventTypeList endpoint={endpoint} catalog={catalog} />
          </dd>
        </div>
        <div>
          <dt>Signing secret</dt>
          <dd>
            {endpoint.previousSecretExpiresAt
              ? `Rotated: until ${formatDateTime(endpoint.previousSecretExpiresAt)} requests carry signatures under both the old and the new secret.`
              : 'Shown once, when the endpoint was added or the secret rotated.'}
          </dd>
        </div>
        {scope.admin ? (
          <div>
            <dt>Owner</dt>
            <dd>
              {endpoint.clientId ? (
                <Link to={`/admin/clients/${endpoint.clientId}`}>A client's endpoint</Link>
              ) : (
                'Platform: receives the events of every client'
              )}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Added</dt>
          <dd>{formatDateTime(endpoint.createdAt)}</dd>
        </div>
      </dl>
      {children}
    </section>
  );
}

/** One endpoint: its settings and actions (change, test, switch off/on, rotate, delete) over its delivery log. */
export function EndpointPage({ scope }: { scope: WebhookScope }) {
  const me = useMe();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const call = useApiCall();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const endpointOptions = scope.get(id);
  const endpoint = useQuery(endpointOptions);
  const eventTypes = useQuery(listEventTypesOptions());
  const setEndpoint = (saved: EndpointDto) => {
    queryClient.setQueryData(endpointOptions.queryKey, saved);
    void refresh(scope.listKey);
  };
  const refreshLog = () => void refresh(scope.deliveries(id, {}).queryKey);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<EndpointWithSecretDto | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [working, setWorking] = useState<'test' | 'switch-on' | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [confirmBusy, setConfirmBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | undefined>(undefined);
  const data = endpoint.data;

  function ask(what: Confirming) {
    setConfirmError(undefined);
    setMessage(null);
    setConfirming(what);
  }

  async function sendTest(e: EndpointDto) {
    setWorking('test');
    setMessage(null);
    const outcome = await call(scope.sendTest(e.id));
    setWorking(null);
    if (outcome.ok) {
      setMessage({ tone: 'success', text: 'A test event is on its way. It shows in the delivery log below.' });
      refreshLog();
    } else if (outcome.failure.kind === 'api') {
      setMessage({ tone: 'error', text: outcome.failure.message });
    }
  }

  async function switchOn(e: EndpointDto) {
    setWorking('switch-on');
    setMessage(null);
    const outcome = await call(scope.update(e.id, { active: true }));
    setWorking(null);
    if (outcome.ok) {
      setEndpoint(outcome.data);
      setMessage({
        tone: 'success',
        text: 'The endpoint is on: new events go to it again. Replay the failed deliveries to send what it missed.',
      });
    } else if (outcome.failure.kind === 'api') {
      setMessage({ tone: 'error', text: outcome.failure.message });
    }
  }

  async function confirm(e: EndpointDto) {
    setConfirmBusy(true);
    if (confirming === 'switch-off') {
      const outcome = await call(scope.update(e.id, { active: false }));
      setConfirmBusy(false);
      if (outcome.ok) {
        setEndpoint(outcome.data);
        setConfirming(null);
        setMessage({ tone: 'success', text: 'The endpoint is switched off. No events go to it until you switch it on.' });
        refreshLog();
      } else if (outcome.failure.kind === 'api') setConfirmError(outcome.failure.message);
    } else if (confirming === 'rotate') {
      const outcome = await call(scope.rotate(e.id));
      setConfirmBusy(false);
      if (outcome.ok) {
        setEndpoint(outcome.data.endpoint);
        setSecret(outcome.data);
        setConfirming(null);
      } else if (outcome.failure.kind === 'api') setConfirmError(outcome.failure.message);
    } else if (confirming === 'delete') {
      const outcome = await call(scope.remove(e.id));
      setConfirmBusy(false);
      if (outcome.ok) {
        const notice: EndpointsNotice = { deleted: e.url };
        void navigate(scope.basePath, { state: notice });
      } else if (outcome.failure.kind === 'api') setConfirmError(outcome.failure.message);
    }
  }

  const owns = data ? scope.owns(data) : false;
  // Deleting a client's endpoint is for the account's owners (the API refuses members).
  const mayDelete = owns && (scope.admin || isOwner(me));
  return (
    <Page title="Webhook endpoint" wide>
      <p>
        <Link to={scope.basePath}>← {scope.pageName}</Link>
      </p>
      <QueryView
        query={endpoint}
        loading="Loading the endpoint…"
        failed={{ missing: 'No such endpoint.', other: "We couldn't load the endpoint." }}
      >
        {(data) => (
          <>
            <div className="page-head">
              <p className="eyebrow">{data.clientId === null && scope.admin ? 'Platform endpoint' : 'Webhook endpoint'}</p>
              <h1 className="endpoint-url">{data.url}</h1>
              {data.description ? <p className="muted">{data.description}</p> : null}
            </div>
            {message ? (
              <Notice tone={message.tone} onDismiss={() => setMessage(null)}>
                {message.text}
              </Notice>
            ) : null}
            {secret ? <NewSecret created={secret} rotated onDone={() => setSecret(null)} /> : null}
            {editing && eventTypes.data ? (
              <EndpointForm
                scope={scope}
                endpoint={data}
                eventTypes={eventTypes.data}
                onCancel={() => setEditing(false)}
                onCreated={() => setEditing(false)}
                onSaved={(saved) => {
                  setEndpoint(saved);
                  setEditing(false);
                  setMessage({ tone: 'success', text: 'The endpoint is saved.' });
                }}
              />
            ) : (
              <Settings scope={scope} endpoint={data} catalog={eventTypes.data}>
                <div className="form-actions endpoint-actions">
                  <button type="button" className="button" onClick={() => setEditing(true)} disabled={!eventTypes.data}>
                    Change
                  </button>
                  {data.active ? (
                    <>
                      <button type="button" className="button" onClick={() => void sendTest(data)} disabled={working !== null}>
                        {working === 'test' ? 'Sending…' : 'Send test event'}
                      </button>
                      <button type="button" className="button" onClick={() => ask('switch-off')} disabled={working !== null}>
                        Switch off
                      </button>
                    </>
                  ) : (
                    <button type="button" className="button" onClick={() => void switchOn(data)} disabled={working !== null}>
                      {working === 'switch-on' ? 'Switching on…' : 'Switch on'}
                    </button>
                  )}
                  {owns ? (
                    <button type="button" className="button" onClick={() => ask('rotate')}>
                      Rotate secret
                    </button>
                  ) : null}
                  {mayDelete ? (
                    <button type="button" className="button button-danger-quiet" onClick={() => ask('delete')}>
                      Delete
                    </button>
                  ) : null}
                </div>
                {owns && !mayDelete ? <p className="field-hint">Only the account's owners can delete an endpoint.</p> : null}
              </Settings>
            )}
            <DeliveryLog scope={scope} endpoint={data} catalog={eventTypes.data} />
            <ConfirmDialog
              open={confirming !== null}
              title={
                confirming === 'delete'
                  ? 'Delete this endpoint?'
                  : confirming === 'rotate'
                    ? 'Rotate the signing secret?'
                    : 'Switch this endpoint off?'
              }
              confirmLabel={confirming === 'delete' ? 'Delete endpoint' : confirming === 'rotate' ? 'Rotate secret' : 'Switch off'}
              busyLabel={confirming === 'delete' ? 'Deleting…' : confirming === 'rotate' ? 'Rotating…' : 'Switching off…'}
              danger={confirming !== 'rotate'}
              busy={confirmBusy}
              error={confirmError}
              onConfirm={() => void confirm(data)}
              onCancel={() => setConfirming(null)}
            >
              {confirming === 'delete' ? (
                <p>
                  LeadFlow stops sending events to <strong className="endpoint-url">{data.url}</strong> and deletes its delivery log. This
                  can't be undone.
                </p>
              ) : confirming === 'rotate' ? (
                <>
                  <p>A new secret is made and shown to you once.</p>
                  <p>
                    For a while both secrets sign every request (each request carries both signatures), so your receiver keeps working until
                    you switch it to the new secret. The page says until when.
                  </p>
                </>
              ) : (
                <p>
                  No events go to it while it is off, and deliveries waiting for a retry are marked failed. You can switch it back on and
                  replay the failed deliveries.
                </p>
              )}
            </ConfirmDialog>
          </>
        )}
      </QueryView>
    </Page>
  );
}
