import { listMissedLeadsOptions } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../api/format';
import { missedReasonText } from '../../api/leads';
import { useListParams } from '../../api/url-state';
import { PagedList } from '../../components/query-view';

const PAGE_SIZE = 20;

/** "Why didn't I get this lead?": leads the client was considered for, with the reason in words. */
export function MissedLeadsSection() {
  const list = useListParams([], 'missed');
  const missed = useQuery({
    ...listMissedLeadsOptions({ query: { page: list.page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="section" aria-labelledby="missed-title">
      <h2 id="missed-title">Missed leads</h2>
      <p className="muted">
        Leads in your industry that you were considered for but didn't get, and why. Their details stay with the buyer who got them.
      </p>
      <PagedList
        query={missed}
        loading="Loading missed leads…"
        failed="We couldn't load your missed leads."
        empty="No missed leads. Every lead you were considered for reached you."
        noun={['missed lead', 'missed leads']}
        onPage={list.setPage}
      >
        {(items) => (
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
              {items.map((lead) => (
                <tr key={lead.id}>
                  <td data-label="Received">{formatDateTime(lead.receivedAt)}</td>
                  <td data-label="Postcode">{lead.postcode ?? <span className="muted">—</span>}</td>
                  <td data-label="Why">{missedReasonText(lead.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
