import { getAdminLeadOptions, getAdminLeadQueryKey, listAllLeadsQueryKey, reprocessLead } from '@leadflow/api-client';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDateTime, formatMoney } from '../../api/format';
import {
  ADMIN_LEAD_STATUS_LABELS,
  contactBeyond,
  eligibilityReasonText,
  erasureText,
  fieldText,
  LEAD_STATUS_LABELS,
  REPORT_REASON_LABELS,
  REPORT_STATUS_LABELS,
  SOURCE_LABELS,
  type LeadStatus,
} from '../../api/leads';
import { useRefresh } from '../../api/use-refresh';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Notice } from '../../components/states';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const deliveryStatusText = (status: string) => LEAD_STATUS_LABELS[status as LeadStatus] ?? status;

/** One lead for admins: its fields and standard fields (address…), where it went, every buyer's eligibility, and Reprocess. */
export function AdminLeadDetail({ id }: { id: string }) {
  const call = useApiCall();
  const refresh = useRefresh();
  const lead = useQuery(getAdminLeadOptions({ path: { id } }));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);
  const data = lead.data;

  async function reprocess() {
    setBusy(true);
    const outcome = await call(reprocessLead({ path: { id } }));
    setBusy(false);
    if (outcome.ok) {
      const n = outcome.data.deliveries.length;
      setMessage(n > 0 ? `Reprocessed: the lead went to ${n} ${n === 1 ? 'buyer' : 'buyers'}.` : 'Reprocessed: no buyer took it.');
      setConfirming(false);
      // This lead, and its row in the list behind the drawer.
      void refresh(getAdminLeadQueryKey({ path: { id } }), listAllLeadsQueryKey);
    } else if (outcome.failure.kind === 'api') {
      // 409: no other buyer can take it — the API's message says so.
      setError(outcome.failure.message);
    }
  }

  return (
    <section className="card lead-drawer" aria-labelledby="admin-lead-title">
      <div className="card-head">
        <h2 id="admin-lead-title" tabIndex={-1}>
          Lead {data?.postcode ?? ''}
        </h2>
        <Link to="/admin/leads" className="button button-small" aria-label="Close lead details">
          Close
        </Link>
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <QueryView query={lead} loading="Loading the lead…" failed={{ missing: 'No such lead.', other: "We couldn't load the lead." }}>
        {(data) => (
          <>
            {data.erasedAt ? <Notice tone="info">{erasureText(data.erasedAt, data.erasureReason)}</Notice> : null}
            <dl className="summary">
              <div>
                <dt>Received</dt>
                <dd>{formatDateTime(data.receivedAt)}</dd>
              </div>
              <div>
                <dt>Industry</dt>
                <dd>{data.industryName}</dd>
              </div>
              <div>
                <dt>Source</dt>
                <dd>{SOURCE_LABELS[data.source] ?? data.source}</dd>
              </div>
              <div>
                <dt>Outcome</dt>
                <dd>
                  {ADMIN_LEAD_STATUS_LABELS[data.status] ?? data.status}
                  {data.reason ? ` · ${eligibilityReasonText(data.reason)}` : ''}
                </dd>
              </div>
              {Object.entries(data.fields).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{fieldText(value) || <span className="muted">—</span>}</dd>
                </div>
              ))}
              {/* Its standard fields the industry has no column for: address, other phone… */}
              {contactBeyond(data.contact, Object.keys(data.fields)).map((c) => (
                <div key={`contact:${c.key}`}>
                  <dt>{c.label}</dt>
                  <dd>{c.value}</dd>
                </div>
              ))}
            </dl>
            {data.problems.length > 0 ? (
              <>
                <h3 className="subhead">What was wrong with its fields</h3>
                <ul className="plain-list field-problems" aria-label="Field errors">
                  {data.problems.map((p) => (
                    <li key={`${p.field}:${p.message}`}>
                      <code>{p.field}</code>: {p.message.startsWith(p.field) ? p.message.slice(p.field.length).trim() : p.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <h3 className="subhead">Deliveries</h3>
            {data.deliveries.length === 0 ? (
              <p className="muted">It went to no buyer.</p>
            ) : (
              <ul className="plain-list">
                {data.deliveries.map((d) => (
                  <li key={`${d.clientId}:${d.status}`}>
                    <Link to={`/admin/clients/${d.clientId}`}>{d.businessName ?? 'Unnamed client'}</Link> · {formatMoney(d.price)} ·{' '}
                    {deliveryStatusText(d.status)}
                  </li>
                ))}
              </ul>
            )}
            {data.returns.length > 0 ? (
              <>
                <h3 className="subhead">Returns and resales</h3>
                <ol className="plain-list" aria-label="Returns and resales, oldest first">
                  {data.returns.map((r) => (
                    <li key={r.reportId}>
                      <Link to={`/admin/clients/${r.clientId}`}>{r.businessName ?? 'Unnamed client'}</Link> returned it (
                      {REPORT_REASON_LABELS[r.reason as keyof typeof REPORT_REASON_LABELS] ?? r.reason}) on {formatDateTime(r.createdAt)}:{' '}
                      {REPORT_STATUS_LABELS[r.status as keyof typeof REPORT_STATUS_LABELS] ?? r.status}
                      {r.automatic ? ', automatically' : ''}
                      {r.overLimit ? ', over the return limit' : ''}
                      {r.status === 'approved' || r.status === 'reversed' ? ` · ${formatMoney(r.refund)} refunded` : ''}
                      {r.reversedAt ? ` · reversed ${formatDateTime(r.reversedAt)}` : ''}
                      {r.resoldAt ? (
                        r.resoldTo ? (
                          <>
                            {' '}
                            → sold again to <Link to={`/admin/clients/${r.resoldTo}`}>{r.resoldToName ?? 'Unnamed client'}</Link> for{' '}
                            {formatMoney(r.resalePrice ?? 0)}
                          </>
                        ) : (
                          ' → offered again, unsold'
                        )
                      ) : null}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            <h3 className="subhead">Eligibility</h3>
            {data.eligibility.length === 0 ? (
              <p className="muted">No buyer was considered.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Eligibility per buyer</caption>
                  <thead>
                    <tr>
                      <th scope="col">Buyer</th>
                      <th scope="col">Eligible</th>
                      <th scope="col">Why not</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.eligibility.map((e) => (
                      <tr key={e.clientId}>
                        <td data-label="Buyer">
                          <Link to={`/admin/clients/${e.clientId}`}>{e.businessName ?? 'Unnamed client'}</Link>
                        </td>
                        <td data-label="Eligible">
                          {e.eligible ? <span className="tag tag-success">Yes</span> : <span className="tag tag-warning">No</span>}
                        </td>
                        <td data-label="Why not">
                          {e.eligible && e.reason !== 'not_offered' ? <span className="muted">—</span> : eligibilityReasonText(e.reason)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="form-actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setError(undefined);
                  setConfirming(true);
                }}
              >
                Reprocess
              </button>
            </div>
          </>
        )}
      </QueryView>
      <ConfirmDialog
        open={confirming}
        title="Reprocess this lead?"
        confirmLabel="Reprocess"
        busyLabel="Reprocessing…"
        busy={busy}
        error={error}
        onConfirm={() => void reprocess()}
        onCancel={() => setConfirming(false)}
      >
        <p>It is offered again to the campaign's buyers who have not had it, and the one who takes it is charged.</p>
      </ConfirmDialog>
    </section>
  );
}
