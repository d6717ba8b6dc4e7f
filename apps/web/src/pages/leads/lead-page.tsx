import { getLeadOptions, getLeadQueryKey, listLeadsQueryKey } from '@leadflow/api-client';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime, formatMoney } from '../../api/format';
import {
  erasureText,
  fieldText,
  isPhoneKey,
  LEAD_STATUS_LABELS,
  LEAD_STATUS_TONES,
  leadColumnsFor,
  leadName,
  leadValues,
  REPORT_STATUS_LABELS,
  REPORT_STATUS_TONES,
} from '../../api/leads';
import { Page } from '../../components/page';
import { Notice } from '../../components/states';
import { ReportDialog } from './report-dialog';
import { useLeadColumns } from './use-lead-columns';
import { useQuery } from '@tanstack/react-query';
import { allOf, QueryView } from '../../components/query-view';
import { useRefresh } from '../../api/use-refresh';
import { PhoneLink } from '../../components/phone-link';

/** `/leads/:id`: one delivered lead with the industry's columns, in order, then its other standard fields (address…), and "Report this lead". */
export function LeadPage() {
  const { id = '' } = useParams();
  const refresh = useRefresh();
  const lead = useQuery(getLeadOptions({ path: { id } }));
  const columns = useLeadColumns();
  const [reporting, setReporting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const data = lead.data;
  const cols = columns.data ?? [];
  const values = data ? leadValues(data) : {};
  const name = data?.erasedAt ? 'Erased lead' : leadName(values, cols);

  return (
    <Page title={name || 'Lead'}>
      <p>
        <Link to="/leads">← All leads</Link>
      </p>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      {/* The lead waits for its industry's columns too (their labels and order); without them it still shows its fields. */}
      <QueryView
        query={allOf(lead, columns.isError ? lead : columns)}
        loading="Loading the lead…"
        failed={{ missing: 'No such lead.', other: "We couldn't load the lead." }}
      >
        {() =>
          data && (
            <>
              <div className="page-head page-head-row">
                <div>
                  <p className="eyebrow">Delivered {formatDateTime(data.deliveredAt)}</p>
                  <h1>{name || 'Lead'}</h1>
                </div>
                {data.reportStatus ? null : (
                  <button type="button" className="button" onClick={() => setReporting(true)}>
                    Report this lead
                  </button>
                )}
              </div>
              {data.erasedAt ? <Notice tone="info">{erasureText(data.erasedAt)}</Notice> : null}
              <section className="card" aria-labelledby="lead-details-title">
                <h2 id="lead-details-title">Details</h2>
                <dl className="summary">
                  {leadColumnsFor(values, cols).map((c) => (
                    <div key={c.key}>
                      <dt>{c.label}</dt>
                      <dd>
                        {!fieldText(values[c.key]) ? (
                          <span className="muted">—</span>
                        ) : isPhoneKey(c.key, cols) ? (
                          <PhoneLink value={fieldText(values[c.key])} />
                        ) : (
                          fieldText(values[c.key])
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
              <section className="card" aria-labelledby="lead-delivery-title">
                <h2 id="lead-delivery-title">Delivery</h2>
                <dl className="summary">
                  <div>
                    <dt>Price</dt>
                    <dd>{formatMoney(data.price, data.currency)}</dd>
                  </div>
                  <div>
                    <dt>Status</dt>
                    <dd>
                      <span className={`tag ${LEAD_STATUS_TONES[data.status] ?? ''}`}>
                        {LEAD_STATUS_LABELS[data.status] ?? data.status}
                      </span>
                    </dd>
                  </div>
                  <div>
                    <dt>Report</dt>
                    <dd>
                      {data.reportStatus ? (
                        <span className={`tag ${REPORT_STATUS_TONES[data.reportStatus]}`}>{REPORT_STATUS_LABELS[data.reportStatus]}</span>
                      ) : (
                        'Not reported'
                      )}
                      {data.reportNote ? (
                        <p className="report-note">
                          <strong>Our note:</strong> {data.reportNote}
                        </p>
                      ) : null}
                    </dd>
                  </div>
                </dl>
              </section>
              <ReportDialog
                open={reporting}
                leadId={data.id}
                onClose={() => setReporting(false)}
                onReported={(report) => {
                  setReporting(false);
                  setMessage(
                    report.status === 'approved'
                      ? 'Thanks — the lead is returned and its price is back on your balance.'
                      : 'Thanks — the lead is reported. We will review it and refund it if we approve.',
                  );
                  void refresh(getLeadQueryKey({ path: { id } }), listLeadsQueryKey);
                }}
              />
            </>
          )
        }
      </QueryView>
    </Page>
  );
}
