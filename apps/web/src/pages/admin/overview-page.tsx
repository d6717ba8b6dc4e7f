import {
  type AdminOverviewDto,
  getAdminOverviewOptions,
  getSubscriptionSummaryOptions,
  type NamedCountDto,
  type QueueHealthDto,
  type SubscriptionSummaryDto,
} from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatDay, formatMoney, INTEGRATION_NAMES, type IntegrationKind } from '../../api/format';
import { Page } from '../../components/page';
import { DaySeriesCard, moneyTick, type DaySeries } from '../../components/charts/day-series-card';
import { EmptyState } from '../../components/states';
import '../dashboard/dashboard.css';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const count = (n: number) => n.toLocaleString('en-GB');
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

const DELIVERED: DaySeries = {
  key: 'leads',
  label: 'Leads delivered',
  kind: 'bar',
  color: '#1d4ed8',
  format: count,
  tick: count,
  whole: true,
};
const REVENUE: DaySeries = {
  key: 'spend',
  label: 'Revenue',
  kind: 'line',
  color: '#067647',
  format: (n) => formatMoney(n),
  tick: moneyTick('GBP'),
  axis: 'right',
};

/** A card holding one table (or what to say when it has no rows). */
function TableCard({
  id,
  title,
  note,
  caption,
  empty,
  children,
  action,
}: {
  id: string;
  title: string;
  note?: string;
  caption: string;
  empty: string | null;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {action}
      </div>
      {note ? <p className="muted">{note}</p> : null}
      {empty !== null ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{caption}</caption>
            {children}
          </table>
        </div>
      )}
    </section>
  );
}

function NamedTable({ rows, who, linkClients }: { rows: NamedCountDto[]; who: string; linkClients: boolean }) {
  return (
    <>
      <thead>
        <tr>
          <th scope="col">{who}</th>
          <th scope="col" className="numeric">
            Leads
          </th>
          <th scope="col" className="numeric">
            Revenue
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td data-label={who}>{linkClients ? <Link to={`/admin/clients/${r.id}`}>{r.name}</Link> : r.name}</td>
            <td data-label="Leads" className="numeric">
              {count(r.count)}
            </td>
            <td data-label="Revenue" className="numeric">
              {formatMoney(r.amount)}
            </td>
          </tr>
        ))}
      </tbody>
    </>
  );
}

/** A queue's count; -1 is the API's "could not read it" (Redis unavailable). */
function QueueCount({ value, danger = false }: { value: number; danger?: boolean }) {
  if (value < 0) return <span className="muted">Unavailable</span>;
  return <span className={danger && value > 0 ? 'queue-failed' : undefined}>{count(value)}</span>;
}

function QueueTable({ queues }: { queues: QueueHealthDto[] }) {
  return (
    <>
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="numeric">
            Waiting
          </th>
          <th scope="col" className="numeric">
            Active
          </th>
          <th scope="col" className="numeric">
            Delayed
          </th>
          <th scope="col" className="numeric">
            Failed
          </th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.name}>
            <td data-label="Queue">
              <code>{q.name}</code>
            </td>
            <td data-label="Waiting" className="numeric">
              <QueueCount value={q.waiting} />
            </td>
            <td data-label="Active" className="numeric">
              <QueueCount value={q.active} />
            </td>
            <td data-label="Delayed" className="numeric">
              <QueueCount value={q.delayed} />
            </td>
            <td data-label="Failed" className="numeric">
              <QueueCount value={q.failed} danger />
            </td>
          </tr>
        ))}
      </tbody>
    </>
  );
}

function Overview({ data }: { data: AdminOverviewDto }) {
  const failedJobs = data.queues.reduce((sum, q) => sum + Math.max(0, q.failed), 0);
  return (
    <>
      <section aria-labelledby="today-title">
        <h2 id="today-title">Today</h2>
        <dl className="stat-list">
          <div>
            <dt>Leads in</dt>
            <dd id="overview-leads-in">{count(data.leadsInToday)}</dd>
          </div>
          <div>
            <dt>Delivered</dt>
            <dd id="overview-delivered">{count(data.deliveredToday)}</dd>
          </div>
          <div>
            <dt>Unsold</dt>
            <dd id="overview-unsold">{count(data.unsoldToday)}</dd>
          </div>
          <div>
            <dt>Refused</dt>
            <dd id="overview-refused">{count(data.rejectedToday)}</dd>
          </div>
          <div>
            <dt>Revenue today</dt>
            <dd id="overview-revenue-today">{formatMoney(data.revenueToday)}</dd>
          </div>
          <div>
            <dt>Revenue, 30 days</dt>
            <dd id="overview-revenue-30d">{formatMoney(data.revenue30d)}</dd>
          </div>
        </dl>
        <p className="muted stat-explained" id="overview-explained">
          {`Since midnight UK time: ${count(data.leadsInToday)} in = ${count(data.deliveredToday)} delivered + ${count(data.unsoldToday)} unsold (no buyer could take them) + ${count(data.rejectedToday)} refused (invalid fields, duplicates, a buyer that could not take them).`}
        </p>
      </section>

      <DaySeriesCard
        id="overview-chart"
        title="Leads delivered and revenue, last 30 days"
        days={data.series}
        series={[DELIVERED, REVENUE]}
      />

      <div className="overview-grid">
        <TableCard
          id="top-buyers"
          title="Top buyers"
          note="By revenue, last 30 days."
          caption="Top buyers by revenue, last 30 days"
          empty={data.topBuyers.length === 0 ? 'No leads delivered in the last 30 days.' : null}
        >
          <NamedTable rows={data.topBuyers} who="Client" linkClients />
        </TableCard>

        <TableCard
          id="report-rates"
          title="Report rate by client"
          note="Leads reported as a share of leads delivered, last 30 days; clients with no reports are left out."
          caption="Report rate by client, highest first"
          empty={data.reportRates.length === 0 ? 'No leads reported in the last 30 days.' : null}
        >
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col" className="numeric">
                Report rate
              </th>
              <th scope="col" className="numeric">
                Reported
              </th>
              <th scope="col" className="numeric">
                Delivered
              </th>
            </tr>
          </thead>
          <tbody>
            {data.reportRates.map((r) => (
              <tr key={r.clientId}>
                <td data-label="Client">
                  <Link to={`/admin/clients/${r.clientId}`}>{r.name}</Link>
                </td>
                <td data-label="Report rate" className="numeric">
                  {percent.format(r.rate)}
                </td>
                <td data-label="Reported" className="numeric">
                  {count(r.reported)}
                </td>
                <td data-label="Delivered" className="numeric">
                  {count(r.delivered)}
                </td>
              </tr>
            ))}
          </tbody>
        </TableCard>

        <TableCard
          id="supplier-volumes"
          title="Supplier volumes"
          note="Leads received from each supplier, and what they sold for, last 30 days."
          caption="Supplier volumes, most leads first"
          empty={data.supplierVolumes.length === 0 ? 'No supplier leads in the last 30 days.' : null}
          action={<Link to="/admin/suppliers">Suppliers</Link>}
        >
          <NamedTable rows={data.supplierVolumes} who="Supplier" linkClients={false} />
        </TableCard>

        <TableCard
          id="queues"
          title="Queue health"
          note={
            failedJobs > 0
              ? `${count(failedJobs)} failed ${failedJobs === 1 ? 'job' : 'jobs'}: open the job queues to see why and retry.`
              : 'Background jobs waiting, running, scheduled and failed.'
          }
          caption="Queue health"
          empty={data.queues.length === 0 ? 'No queues.' : null}
          // Bull Board is served by the API, not the SPA: a full page load, not a router link.
          action={<a href={data.queueBoardUrl}>Open job queues</a>}
        >
          <QueueTable queues={data.queues} />
        </TableCard>
      </div>

      <TableCard
        id="integration-failures"
        title="Integration failures"
        note="Client registrations with Stripe, LeadByte or Xero that gave up; open the client to retry."
        caption="Integration failures, newest first"
        empty={data.integrationFailures.length === 0 ? 'No failed registrations.' : null}
      >
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Service</th>
            <th scope="col">Error</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {data.integrationFailures.map((f) => (
            <tr key={`${f.clientId}:${f.kind}`}>
              <td data-label="Client">
                <Link to={`/admin/clients/${f.clientId}`}>{f.clientName ?? 'Unnamed client'}</Link>
              </td>
              <td data-label="Service">{INTEGRATION_NAMES[f.kind as IntegrationKind] ?? f.kind}</td>
              <td data-label="Error">{f.lastError ?? <span className="muted">No message</span>}</td>
              <td data-label="Since">{formatDateTime(f.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </TableCard>
    </>
  );
}

/** Subscriptions: monthly recurring revenue and the accounts whose invoice is overdue, longest first. */
function SubscriptionsCard({ data }: { data: SubscriptionSummaryDto }) {
  const money = (n: number) => formatMoney(n, data.currency);
  return (
    <section className="section" aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">Subscriptions</h2>
      <dl className="stat-list">
        <div>
          <dt>Monthly recurring revenue</dt>
          <dd id="overview-mrr">{money(data.mrr)}</dd>
        </div>
        <div>
          <dt>Paying accounts</dt>
          <dd id="overview-paid-subscriptions">{count(data.paidSubscriptions)}</dd>
        </div>
        <div>
          <dt>Overdue</dt>
          <dd id="overview-past-due">{count(data.pastDue.length)}</dd>
        </div>
      </dl>
      <p className="muted stat-explained">Net of VAT; a yearly plan counts a twelfth of its price.</p>
      <TableCard
        id="past-due"
        title="Overdue subscriptions"
        note="Unpaid plan invoices, longest overdue first. Suspended accounts get no leads until they pay."
        caption="Overdue subscriptions, longest overdue first"
        empty={data.pastDue.length === 0 ? 'No subscription is overdue.' : null}
      >
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Status</th>
            <th scope="col">Overdue since</th>
            <th scope="col">Invoice</th>
            <th scope="col" className="numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {data.pastDue.map((r) => (
            <tr key={r.invoiceId}>
              <td data-label="Client">
                <Link to={`/admin/clients/${r.clientId}`}>{r.businessName ?? 'Unnamed client'}</Link>
              </td>
              <td data-label="Status">
                <span className={`tag ${r.status === 'suspended' ? 'tag-danger' : 'tag-warning'}`}>
                  {r.status === 'suspended' ? 'Suspended' : 'Payment overdue'}
                </span>
              </td>
              <td data-label="Overdue since">{formatDateTime(r.since)}</td>
              <td data-label="Invoice">
                {r.invoiceNumber}, due {formatDay(r.dueOn)}
              </td>
              <td data-label="Amount" className="numeric">
                {money(r.grossAmount)}
              </td>
            </tr>
          ))}
        </tbody>
      </TableCard>
    </section>
  );
}

/** `/admin`: the day so far, the last 30 days, who buys and who reports, suppliers, queues and failed registrations. */
export function AdminOverviewPage() {
  const overview = useQuery(getAdminOverviewOptions());
  const subscriptions = useQuery(getSubscriptionSummaryOptions());
  return (
    <Page title="Overview" wide>
      <div className="page-head page-head-row">
        <div>
          <h1>Overview</h1>
          <p className="muted">Today is the day so far in UK time; revenue is lead charges less refunds.</p>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => {
            void overview.refetch();
            void subscriptions.refetch();
          }}
          disabled={overview.isFetching}
          aria-busy={overview.isFetching}
        >
          {overview.isFetching && overview.data ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <QueryView query={overview} loading="Loading the overview…" failed="We couldn't load the overview.">
        {(data) => <Overview data={data} />}
      </QueryView>
      <QueryView query={subscriptions} loading="Loading subscriptions…" failed="We couldn't load the subscriptions.">
        {(data) => <SubscriptionsCard data={data} />}
      </QueryView>
    </Page>
  );
}
