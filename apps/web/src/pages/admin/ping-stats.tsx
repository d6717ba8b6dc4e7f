import { pingStatsOptions } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';
import { EmptyState } from '../../components/states';

const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** Ping/post over the last 30 days, per supplier: how many pings, how many a buyer took, how many were posted in time. */
export function PingStats() {
  const stats = useQuery(pingStatsOptions());
  return (
    <section className="card" aria-labelledby="ping-stats-title">
      <h2 id="ping-stats-title">Ping/post, last 30 days</h2>
      <QueryView query={stats} loading="Loading ping figures…" failed="We couldn't load the ping figures.">
        {({ suppliers }) =>
          suppliers.length === 0 ? (
            <EmptyState>No pings in the last 30 days. Suppliers ping with POST /api/leads/ping before they post a lead.</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Pings per supplier, last 30 days</caption>
                <thead>
                  <tr>
                    <th scope="col">Supplier</th>
                    <th scope="col" className="numeric">
                      Pings
                    </th>
                    <th scope="col" className="numeric">
                      Accepted
                    </th>
                    <th scope="col" className="numeric">
                      Posted
                    </th>
                    <th scope="col" className="numeric">
                      Expired unposted
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {suppliers.map((s) => (
                    <tr key={s.supplierId}>
                      <td data-label="Supplier">{s.supplierName ?? <span className="muted">Removed supplier</span>}</td>
                      <td data-label="Pings" className="numeric">
                        {s.pings.toLocaleString('en-GB')}
                      </td>
                      <td data-label="Accepted" className="numeric">
                        {s.accepted.toLocaleString('en-GB')} ({percent(s.acceptanceRate)})
                      </td>
                      <td data-label="Posted" className="numeric">
                        {s.posted.toLocaleString('en-GB')} ({percent(s.conversionRate)} of accepted)
                      </td>
                      <td data-label="Expired unposted" className="numeric">
                        {s.expired.toLocaleString('en-GB')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
