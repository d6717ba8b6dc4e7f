import { listMissedLeads, type MissedLeadPageDto } from '@leadflow/api-client';
import { useState } from 'react';
import { formatDateTime } from '../../api/format';
import { missedReasonText } from '../../api/leads';
import { useLoad } from '../../api/use-load';
import { Pagination } from '../../components/pagination';
import { EmptyState, InlineLoading, LoadFailed } from '../../components/states';

const PAGE_SIZE = 20;

/** "Why didn't I get this lead?": leads the client was considered for, with the reason in words. */
export function MissedLeadsSection() {
  const [page, setPage] = useState(1);
  const missed = useLoad<MissedLeadPageDto>(() => listMissedLeads({ query: { page, pageSize: PAGE_SIZE } }), String(page));
  const data = missed.data;
  return (
    <section className="section" aria-labelledby="missed-title">
      <h2 id="missed-title">Missed leads</h2>
      <p className="muted">
        Leads in your industry that you were considered for but didn't get, and why. Their details stay with the buyer who got them.
      </p>
      {missed.error && !data ? (
        <LoadFailed title="We couldn't load your missed leads." message={missed.error.message} onRetry={missed.reload} />
      ) : !data ? (
        <InlineLoading label="Loading missed leads…" />
      ) : data.items.length === 0 ? (
        <EmptyState>No missed leads. Every lead you were considered for reached you.</EmptyState>
      ) : (
        <>
          <div className="table-wrap" aria-busy={missed.loading}>
            <table className="table">
              <caption className="visually-hidden">Missed leads, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Postcode</th>
                  <th scope="col">Why you didn't get it</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((lead) => (
                  <tr key={lead.id}>
                    <td data-label="Received">{formatDateTime(lead.receivedAt)}</td>
                    <td data-label="Postcode">{lead.postcode ?? <span className="muted">—</span>}</td>
                    <td data-label="Why">{missedReasonText(lead.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            meta={data.meta}
            busy={missed.loading}
            noun={['missed lead', 'missed leads']}
            label="Missed lead pages"
            onPage={setPage}
          />
        </>
      )}
    </section>
  );
}
