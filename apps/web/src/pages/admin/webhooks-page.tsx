import { listFailingEndpointsOptions } from '@leadflow/api-client';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../api/format';
import { ADMIN_WEBHOOKS } from '../../api/webhooks';
import { Page } from '../../components/page';
import type { EndpointsNotice } from '../webhooks/endpoint-page';
import { EndpointState } from '../webhooks/endpoint-summary';
import { EndpointsSection } from '../webhooks/endpoints-section';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedList } from '../../components/query-view';
import { useListParams } from '../../api/url-state';

const PAGE_SIZE = 20;

/** Endpoints of any owner that failed in the last 7 days or were switched off by a 410, worst first. */
function FailingEndpoints() {
  const list = useListParams([], 'failing');
  const failing = useQuery({
    ...listFailingEndpointsOptions({ query: { page: list.page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  return (
    <section className="section" aria-labelledby="failing-title">
      <div className="page-head-row">
        <h2 id="failing-title">Failing endpoints</h2>
        <button type="button" className="button button-small" onClick={() => void failing.refetch()} disabled={failing.isFetching}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Across all clients: endpoints with failed deliveries in the last 7 days, or switched off because they answered 410 Gone.
      </p>
      <PagedList
        query={failing}
        loading="Loading failing endpoints…"
        failed="We couldn't load the failing endpoints."
        empty="No endpoint has failed in the last 7 days."
        noun={['endpoint', 'endpoints']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Failing endpoints, most failures first</caption>
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">URL</th>
                <th scope="col" className="numeric">
                  Failed (7 days)
                </th>
                <th scope="col">Last failure</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="Client">
                    {e.clientId ? (
                      <Link to={`/admin/clients/${e.clientId}`}>{e.clientName ?? 'Unnamed client'}</Link>
                    ) : (
                      <span className="muted">Platform</span>
                    )}
                  </td>
                  <td data-label="URL">
                    <Link
                      to={`${ADMIN_WEBHOOKS.basePath}/${e.id}?status=failed`}
                      className="endpoint-url"
                      aria-label={`Failed deliveries to ${e.url}`}
                    >
                      {e.url}
                    </Link>
                    {e.description ? <div className="muted">{e.description}</div> : null}
                  </td>
                  <td data-label="Failed (7 days)" className="numeric">
                    {e.failedLast7Days}
                  </td>
                  <td data-label="Last failure">{e.lastFailureAt ? formatDateTime(e.lastFailureAt) : <span className="muted">—</span>}</td>
                  <td data-label="State">
                    <EndpointState endpoint={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}

/** `/admin/webhooks`: the platform's own endpoints (CMS, collectors) and every client's failing ones. */
export function WebhooksPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<EndpointsNotice>(() => (location.state as EndpointsNotice | null) ?? {});

  return (
    <Page title="Webhooks" wide>
      <div className="page-head">
        <h1>Webhooks</h1>
        <p className="muted">Signed outbound events: the platform's endpoints, and the clients' endpoints that are failing.</p>
      </div>
      <EndpointsSection
        scope={ADMIN_WEBHOOKS}
        title="Platform endpoints"
        intro={<p>A platform endpoint receives the events of every client, e.g. the CMS or the activity-log collector.</p>}
        empty="No platform endpoints yet."
        notice={notice.deleted ? `The endpoint ${notice.deleted} is deleted.` : null}
        onDismissNotice={() => {
          setNotice({});
          void navigate(location.pathname, { replace: true, state: null });
        }}
      />
      <FailingEndpoints />
    </Page>
  );
}
