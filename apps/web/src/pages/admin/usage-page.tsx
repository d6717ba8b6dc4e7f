import { getAdminUsageOptions, type AdminUsageDto, type ClientUsageDto } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { formatMoney, formatSignedMoney } from '../../api/format';
import { formatMonth } from '../../api/notifications';
import { useMonthParam } from '../../api/url-state';
import { MonthView } from '../../components/month-switcher';
import { Page } from '../../components/page';
import { EmptyState } from '../../components/states';

/** "32%", "−33%", or "—" when nothing was paid (a margin of nothing is no margin). */
function marginRate(revenue: number, cost: number): string {
  if (revenue <= 0) return '—';
  const rate = Math.round(((revenue - cost) / revenue) * 100);
  return `${rate < 0 ? '−' : ''}${Math.abs(rate)}%`;
}

function Figures({ usage }: { usage: AdminUsageDto }) {
  return (
    <section className="card" aria-labelledby="admin-usage-totals-title">
      <h2 id="admin-usage-totals-title">Totals</h2>
      <dl className="summary">
        <div>
          <dt>Revenue</dt>
          <dd>{formatMoney(usage.revenue)}</dd>
        </div>
        <div>
          <dt>Cost at Twilio</dt>
          <dd>{formatMoney(usage.cost)}</dd>
        </div>
        <div>
          <dt>Margin</dt>
          <dd>
            {formatSignedMoney(usage.revenue - usage.cost)} <span className="muted">({marginRate(usage.revenue, usage.cost)})</span>
          </dd>
        </div>
        <div>
          <dt>Prices</dt>
          <dd>{`Clients pay ${formatMoney(usage.pricePerSegment)} a segment; a segment costs us ${formatMoney(usage.costPerSegment)}.`}</dd>
        </div>
      </dl>
    </section>
  );
}

function ClientRow({ row }: { row: ClientUsageDto }) {
  return (
    <tr>
      <td data-label="Client">
        <Link to={`/admin/clients/${row.clientId}`}>{row.businessName ?? 'Unnamed client'}</Link>
      </td>
      <td data-label="Texts" className="numeric">
        {row.messages}
      </td>
      <td data-label="Segments" className="numeric">
        {row.units}
      </td>
      <td data-label="Not billed" className="numeric">
        {row.unbilledUnits}
      </td>
      <td data-label="Revenue" className="numeric">
        {formatMoney(row.revenue)}
      </td>
      <td data-label="Cost" className="numeric">
        {formatMoney(row.cost)}
      </td>
      <td data-label="Margin" className={row.revenue - row.cost < 0 ? 'numeric amount-debit' : 'numeric'}>
        {formatSignedMoney(row.revenue - row.cost)}
      </td>
    </tr>
  );
}

function ClientsTable({ usage }: { usage: AdminUsageDto }) {
  if (usage.clients.length === 0) return <EmptyState>No texts this month.</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{`Texts per client in ${formatMonth(usage.month)}, busiest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col" className="numeric">
              Texts
            </th>
            <th scope="col" className="numeric">
              Segments
            </th>
            <th scope="col" className="numeric">
              Not billed
            </th>
            <th scope="col" className="numeric">
              Revenue
            </th>
            <th scope="col" className="numeric">
              Cost
            </th>
            <th scope="col" className="numeric">
              Margin
            </th>
          </tr>
        </thead>
        <tbody>
          {usage.clients.map((row) => (
            <ClientRow key={row.clientId} row={row} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `/admin/usage`: every client's texts in a month, what they paid against what Twilio cost. */
export function AdminUsagePage() {
  const [month, setMonth] = useMonthParam();
  const usage = useQuery({ ...getAdminUsageOptions({ query: month ? { month } : {} }), placeholderData: keepPreviousData });

  return (
    <Page title="Usage" wide>
      <div className="page-head">
        <h1>Usage</h1>
        <p className="muted">
          Text alerts per client in a month (the billing time zone's calendar): what clients paid against what Twilio cost. "Not billed"
          counts segments nobody paid for: verification codes, non-billable clients, and clients out of credit.
        </p>
      </div>
      <MonthView query={usage} month={month} onMonth={setMonth} loading="Loading usage…" failed="We couldn't load usage.">
        {(data) => (
          <>
            <Figures usage={data} />
            <ClientsTable usage={data} />
          </>
        )}
      </MonthView>
    </Page>
  );
}
