import { connectXero, disconnectXero, getXeroStatusOptions } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDateTime } from '../../api/format';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { FormAlert } from '../../components/form';
import { QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';

/** The reasons /api/xero/callback puts in `?error=`, in words. */
const CONNECT_ERRORS: Record<string, string> = {
  access_denied: 'Access was declined on Xero.',
  invalid_state: 'The connection link expired or was already used. Start again.',
  missing_code: 'Xero sent no authorisation code. Start again.',
  token_exchange_failed: "Xero didn't accept the authorisation. Check the app's client id and secret, then start again.",
  no_organisation: 'The Xero login has no organisation connected to LeadFlow. Choose an organisation on Xero.',
  xero_unavailable: "Xero couldn't be reached. Try again in a few minutes.",
};

/** Connect LeadFlow to Xero (contacts and invoices go there), see the connection, or end it. */
export function XeroPage() {
  const call = useApiCall();
  const [params, setParams] = useSearchParams();
  const status = useQuery(getXeroStatusOptions());
  const [connecting, setConnecting] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const [disconnectError, setDisconnectError] = useState<string | undefined>(undefined);
  const [disconnected, setDisconnected] = useState(false);

  const connected = params.get('connected') === '1';
  const error = params.get('error');

  function clearResult() {
    setParams({}, { replace: true });
  }

  async function connect() {
    setConnecting(true);
    setActionError(null);
    const outcome = await call(connectXero());
    if (outcome.ok) {
      window.location.assign(outcome.data.authorizeUrl);
      return;
    }
    setConnecting(false);
    if (outcome.failure.kind === 'api') setActionError(outcome.failure.message);
  }

  async function disconnect() {
    setDisconnecting(true);
    const outcome = await call(disconnectXero());
    setDisconnecting(false);
    if (outcome.ok) {
      setConfirming(false);
      setDisconnected(true);
      clearResult();
      void status.refetch();
    } else if (outcome.failure.kind === 'api') {
      setDisconnectError(outcome.failure.message);
    }
  }

  return (
    <Page title="Xero">
      <div className="page-head">
        <h1>Xero</h1>
        <p className="muted">LeadFlow creates a Xero contact for every client and sends invoices to Xero.</p>
      </div>
      {connected ? (
        <Notice tone="success" onDismiss={clearResult}>
          Xero is connected.
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error" onDismiss={clearResult}>
          Xero wasn't connected: {CONNECT_ERRORS[error] ?? `the connection failed (${error}).`}
        </Notice>
      ) : null}
      {disconnected ? (
        <Notice tone="success" onDismiss={() => setDisconnected(false)}>
          Xero is disconnected.
        </Notice>
      ) : null}
      <section className="card form-card" aria-labelledby="xero-status-title" aria-busy={status.isFetching}>
        <h2 id="xero-status-title">Connection</h2>
        <QueryView query={status} loading="Checking the Xero connection…" failed="We couldn't load the Xero connection.">
          {(xero) =>
            xero.connected ? (
              <>
                <dl className="summary">
                  <div>
                    <dt>Status</dt>
                    <dd>
                      <span className="tag tag-success">Connected</span>
                    </dd>
                  </div>
                  <div>
                    <dt>Organisation</dt>
                    <dd>{xero.tenantName ?? xero.tenantId ?? 'Unknown'}</dd>
                  </div>
                  {xero.connectedAt ? (
                    <div>
                      <dt>Connected on</dt>
                      <dd>{formatDateTime(xero.connectedAt)}</dd>
                    </div>
                  ) : null}
                </dl>
                <div className="form-actions">
                  <button
                    type="button"
                    className="button button-danger-quiet"
                    onClick={() => {
                      setDisconnectError(undefined);
                      setConfirming(true);
                    }}
                  >
                    Disconnect Xero
                  </button>
                </div>
              </>
            ) : (
              <>
                <p>
                  <span className="tag tag-warning">Not connected</span>
                </p>
                <p className="muted">Until Xero is connected, new clients' Xero contacts wait and are created once it is.</p>
                {actionError ? <FormAlert>{actionError}</FormAlert> : null}
                <div className="form-actions">
                  <button type="button" className="button button-primary" onClick={() => void connect()} disabled={connecting}>
                    {connecting ? (
                      <>
                        <span className="spinner spinner-small" aria-hidden="true" />
                        Opening Xero…
                      </>
                    ) : (
                      'Connect Xero'
                    )}
                  </button>
                </div>
              </>
            )
          }
        </QueryView>
      </section>
      <ConfirmDialog
        open={confirming}
        title="Disconnect Xero?"
        confirmLabel="Disconnect"
        busyLabel="Disconnecting…"
        danger
        busy={disconnecting}
        error={disconnectError}
        onConfirm={() => void disconnect()}
        onCancel={() => setConfirming(false)}
      >
        <p>New Xero contacts and invoices will wait until someone connects Xero again.</p>
      </ConfirmDialog>
    </Page>
  );
}
