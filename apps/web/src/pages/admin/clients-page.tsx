import {
  type AdminClientSummaryDto,
  type IntegrationStateDto,
  type ListClientsData,
  listClientsOptions,
  retryIntegration,
  setBillingMode,
} from '@leadflow/api-client';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import {
  BILLING_MODE_LABELS,
  CLIENT_STATUS_LABELS,
  formatDate,
  INTEGRATION_NAMES,
  integrationStatusText,
  STEP_LABELS,
  type OnboardingStep,
} from '../../api/format';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Notice } from '../../components/states';
import { sortIntegrations } from '../onboarding/integrations-panel';
import { ReconcilePanel } from './reconcile-panel';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { PagedList } from '../../components/query-view';
import { useListParams } from '../../api/url-state';
import { CLIENT_DIRECTORY_KEY } from './use-client-directory';

const PAGE_SIZE = 20;
type Status = NonNullable<NonNullable<ListClientsData['query']>['status']>;
const STATUSES = Object.keys(CLIENT_STATUS_LABELS) as Status[];
const isStatus = (value: string | null): value is Status => STATUSES.includes(value as Status);

type Row = AdminClientSummaryDto;
type BillingMode = Row['billingMode'];

function stepLabel(step: string): string {
  return STEP_LABELS[step as OnboardingStep] ?? step;
}

/** An email address that may break after its "@" (and only there) in a narrow column. */
function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf('@');
  if (at < 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

function IntegrationCell({ row, onRetried }: { row: Row; onRetried: (state: IntegrationStateDto) => void }) {
  const call = useApiCall();
  const [retrying, setRetrying] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (row.integrations.length === 0) return <span className="muted">Not started</span>;

  async function retry(kind: IntegrationStateDto['kind']) {
    setRetrying(kind);
    setError(null);
    const outcome = await call(retryIntegration({ path: { id: row.id, kind } }));
    setRetrying(null);
    if (outcome.ok) onRetried(outcome.data);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <>
      <ul className="integration-list integration-list-compact">
        {sortIntegrations(row.integrations).map((i) => (
          <li key={i.kind} className={`integration integration-${i.status}`}>
            <span className="integration-dot" aria-hidden="true" />
            <span>
              <strong>{INTEGRATION_NAMES[i.kind]}:</strong> {integrationStatusText(i)}
            </span>
            {i.status === 'failed' ? (
              <button
                type="button"
                className="button button-small"
                onClick={() => void retry(i.kind)}
                disabled={retrying !== null}
                aria-label={`Retry ${INTEGRATION_NAMES[i.kind]} for ${row.businessName ?? row.ownerEmail ?? 'this client'}`}
              >
                {retrying === i.kind ? 'Retrying…' : 'Retry'}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Admins' list of clients: find one, see where sign-up stands, fix billing mode and failed registrations. */
export function ClientsPage() {
  const call = useApiCall();
  const queryClient = useQueryClient();
  const list = useListParams(['search', 'status', 'integration']);
  const search = list.filters.search;
  const status = isStatus(list.filters.status) ? (list.filters.status as Status) : undefined;
  const failedOnly = list.filters.integration === 'failed';
  const options = listClientsOptions({
    query: {
      page: list.page,
      pageSize: PAGE_SIZE,
      ...(search ? { search } : {}),
      ...(status ? { status } : {}),
      ...(failedOnly ? { integration: 'failed' as const } : {}),
    },
  });
  const clients = useQuery({ ...options, placeholderData: keepPreviousData });
  const [switching, setSwitching] = useState<Row | null>(null);
  const [switchBusy, setSwitchBusy] = useState(false);
  const [switchError, setSwitchError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);

  const update = list.setFilters;

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('search');
    update({ search: typeof value === 'string' ? value.trim() : '' });
  }

  function replaceRow(id: string, change: (row: Row) => Row) {
    queryClient.setQueryData(options.queryKey, (page) => page && { ...page, items: page.items.map((r) => (r.id === id ? change(r) : r)) });
    void queryClient.invalidateQueries({ queryKey: CLIENT_DIRECTORY_KEY });
  }

  async function confirmSwitch() {
    if (!switching) return;
    const billingMode: BillingMode = switching.billingMode === 'billable' ? 'non_billable' : 'billable';
    setSwitchBusy(true);
    const outcome = await call(setBillingMode({ path: { id: switching.id }, body: { billingMode } }));
    setSwitchBusy(false);
    if (outcome.ok) {
      replaceRow(switching.id, (r) => ({
        ...r,
        billingMode: outcome.data.billingMode,
        onboardingStep: outcome.data.step,
        status: outcome.data.status,
        integrations: outcome.data.integrations,
      }));
      setMessage(
        `${switching.businessName ?? switching.ownerEmail ?? 'The client'} is now ${BILLING_MODE_LABELS[billingMode].toLowerCase()}.`,
      );
      setSwitching(null);
    } else if (outcome.failure.kind === 'api') {
      setSwitchError(outcome.failure.message);
    }
  }

  return (
    <Page title="Clients" wide>
      <div className="page-head">
        <h1>Clients</h1>
      </div>
      <ReconcilePanel />
      <form className="filters" role="search" onSubmit={onSearch} aria-label="Filter clients">
        <div className="field">
          <label htmlFor="client-search">Search</label>
          <input
            id="client-search"
            name="search"
            type="search"
            defaultValue={search}
            key={search}
            placeholder="Business name or owner email"
          />
        </div>
        <div className="field">
          <label htmlFor="client-status">Status</label>
          <select id="client-status" value={status ?? ''} onChange={(e) => update({ status: e.target.value })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {CLIENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <label className="check filters-check">
          <input type="checkbox" checked={failedOnly} onChange={(e) => update({ integration: e.target.checked ? 'failed' : '' })} />
          <span>Failed integrations only</span>
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>

      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}

      <PagedList
        query={clients}
        loading="Loading clients…"
        failed="We couldn't load the clients."
        empty={list.filtered ? 'No clients match these filters.' : 'No clients have signed up yet. Send an invite to get started.'}
        noun={['client', 'clients']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Clients, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Business</th>
                <th scope="col">Owner</th>
                <th scope="col">Status</th>
                <th scope="col">Billing</th>
                <th scope="col">Integrations</th>
                <th scope="col">Joined</th>
              </tr>
            </thead>
            <tbody>
              {items.map((row) => (
                <tr key={row.id}>
                  <td data-label="Business">
                    <strong>
                      <Link to={`/admin/clients/${row.id}`}>{row.businessName ?? 'No business yet'}</Link>
                    </strong>
                    {row.industryName ? <div className="muted">{row.industryName}</div> : null}
                  </td>
                  <td data-label="Owner">{row.ownerEmail ? <EmailText email={row.ownerEmail} /> : '—'}</td>
                  <td data-label="Status">
                    {CLIENT_STATUS_LABELS[row.status]}
                    <div className="muted">
                      {row.onboardingStep === 'complete' ? 'Signed up' : `At ${stepLabel(row.onboardingStep).toLowerCase()}`}
                    </div>
                  </td>
                  <td data-label="Billing">
                    <div className="billing-cell">
                      <span className={row.billingMode === 'billable' ? 'tag' : 'tag tag-warning'}>
                        {BILLING_MODE_LABELS[row.billingMode]}
                      </span>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => {
                          setSwitchError(undefined);
                          setSwitching(row);
                        }}
                        aria-label={`Make ${row.billingMode === 'billable' ? 'non-billable' : 'billable'}: ${row.businessName ?? row.ownerEmail ?? 'client'}`}
                      >
                        Make {row.billingMode === 'billable' ? 'non-billable' : 'billable'}
                      </button>
                    </div>
                  </td>
                  <td data-label="Integrations">
                    <IntegrationCell
                      row={row}
                      onRetried={(state) =>
                        replaceRow(row.id, (r) => ({
                          ...r,
                          integrations: r.integrations.map((i) => (i.kind === state.kind ? state : i)),
                        }))
                      }
                    />
                  </td>
                  <td data-label="Joined" className="nowrap">
                    {formatDate(row.createdAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>

      <ConfirmDialog
        open={switching !== null}
        title={switching?.billingMode === 'billable' ? 'Make this client non-billable?' : 'Make this client billable?'}
        confirmLabel={switching?.billingMode === 'billable' ? 'Make non-billable' : 'Make billable'}
        busy={switchBusy}
        busyLabel="Saving…"
        error={switchError}
        onConfirm={() => void confirmSwitch()}
        onCancel={() => setSwitching(null)}
      >
        {switching?.billingMode === 'billable' ? (
          <p>
            <strong>{switching.businessName ?? switching.ownerEmail}</strong> will skip the card step and lose all credit features.
          </p>
        ) : (
          <p>
            <strong>{switching?.businessName ?? switching?.ownerEmail}</strong> will need to add a card and will pay for leads from credit.
          </p>
        )}
      </ConfirmDialog>
    </Page>
  );
}
