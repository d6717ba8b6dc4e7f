import {
  approveReport,
  listAllLeadsQueryKey,
  type ListReportsData,
  listReportsOptions,
  listReportsQueryKey,
  rejectReport,
  resellReport,
  reverseReport,
  type ReportDto,
} from '@leadflow/api-client';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDateTime, formatMoney } from '../../api/format';
import { REPORT_REASON_LABELS, REPORT_STATUS_TONES } from '../../api/leads';
import { Page } from '../../components/page';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Notice } from '../../components/states';
import { clientName, useClientDirectory } from './use-client-directory';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PagedList } from '../../components/query-view';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';

const PAGE_SIZE = 20;
type Status = NonNullable<NonNullable<ListReportsData['query']>['status']>;
const STATUS_LABELS: Record<Status, string> = { pending: 'Pending', approved: 'Approved', rejected: 'Rejected', reversed: 'Reversed' };
const STATUSES = Object.keys(STATUS_LABELS) as Status[];

type Decision = 'approve' | 'reject' | 'reverse' | 'resell';
type Deciding = { report: ReportDto; decision: Decision } | null;

const TITLES: Record<Decision, string> = {
  approve: 'Approve this report?',
  reject: 'Reject this report?',
  reverse: 'Reverse this automatic approval?',
  resell: 'Sell this lead again?',
};

/** An automatic approval an admin may still take back. */
const reversible = (r: ReportDto) => r.status === 'approved' && r.reversibleUntil !== null && new Date(r.reversibleUntil) > new Date();

/** `/admin/reports`: clients' reports, pending first by default; approving refunds the lead's price. */
export function ReportsPage() {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams(['status']);
  const raw = list.filters.status;
  // Pending is the work queue, so it is the default; "all" shows every report.
  const status: Status | undefined = raw === 'all' ? undefined : STATUSES.includes(raw as Status) ? (raw as Status) : 'pending';
  const reports = useQuery({
    ...listReportsOptions({ query: { page: list.page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } }),
    placeholderData: keepPreviousData,
  });
  const clients = useClientDirectory();
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | null>(null);

  function setFilter(next: string) {
    list.setFilters({ status: next });
  }

  function open(report: ReportDto, decision: Decision) {
    setNote('');
    setError(undefined);
    setDeciding({ report, decision });
  }

  async function decide() {
    if (!deciding) return;
    const { report, decision } = deciding;
    const body = note.trim() ? { note: note.trim() } : {};
    setBusy(true);
    const path = { id: report.id };
    const outcome = await call(
      decision === 'approve'
        ? approveReport({ path, body })
        : decision === 'reject'
          ? rejectReport({ path, body })
          : decision === 'reverse'
            ? reverseReport({ path, body })
            : resellReport({ path }),
    );
    setBusy(false);
    if (outcome.ok) {
      const who = clientName(clients.data, report.clientId);
      const after = outcome.data;
      setMessage(
        decision === 'approve'
          ? `Approved: ${formatMoney(report.price)} is refunded to ${who}.${after.resoldTo ? ` Sold again to ${clientName(clients.data, after.resoldTo)} for ${formatMoney(after.resalePrice ?? 0)}.` : ''}`
          : decision === 'reject'
            ? `Rejected: ${who}'s report is closed and they are not refunded.`
            : decision === 'reverse'
              ? `Reversed: ${who} is charged ${formatMoney(report.price)} again.`
              : after.resoldTo
                ? `Sold again to ${clientName(clients.data, after.resoldTo)} for ${formatMoney(after.resalePrice ?? 0)}.`
                : 'Offered again: no other buyer could take it.',
      );
      setDeciding(null);
      void refresh(listReportsQueryKey, listAllLeadsQueryKey);
    } else if (outcome.failure.kind === 'api') {
      setError(outcome.failure.message);
    }
  }

  const pending = deciding?.report;
  const who = pending ? clientName(clients.data, pending.clientId) : '';

  return (
    <Page title="Reports" wide>
      <div className="page-head">
        <h1>Lead reports</h1>
        <p className="muted">
          Clients report leads they could not use. Approving one refunds its price to the client's balance, with a Xero credit note.
        </p>
      </div>
      <div className="filters filters-narrow" role="search" aria-label="Filter reports">
        <div className="field">
          <label htmlFor="report-status">Status</label>
          <select id="report-status" value={status ?? 'all'} onChange={(e) => setFilter(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
            <option value="all">All reports</option>
          </select>
        </div>
      </div>
      {message ? (
        <Notice tone="success" onDismiss={() => setMessage(null)}>
          {message}
        </Notice>
      ) : null}
      <PagedList
        query={reports}
        loading="Loading reports…"
        failed="We couldn't load the reports."
        empty={status === 'pending' ? 'No reports to review. New ones show here.' : 'No reports match this filter.'}
        noun={['report', 'reports']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Lead reports, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Reported</th>
                <th scope="col">Client</th>
                <th scope="col">Reason</th>
                <th scope="col" className="numeric">
                  Refund
                </th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => {
                const name = clientName(clients.data, r.clientId);
                return (
                  <tr key={r.id}>
                    <td data-label="Reported">
                      {formatDateTime(r.createdAt)}
                      <div>
                        <Link to={`/admin/leads/${r.leadId}`}>View lead</Link>
                      </div>
                    </td>
                    <td data-label="Client">
                      <Link to={`/admin/clients/${r.clientId}`}>{clients.data ? name : '…'}</Link>
                    </td>
                    <td data-label="Reason">
                      <strong>{REPORT_REASON_LABELS[r.reason] ?? r.reason}</strong>
                      {r.note ? <div className="muted">“{r.note}”</div> : null}
                    </td>
                    <td data-label="Refund" className="numeric">
                      {formatMoney(r.price)}
                    </td>
                    <td data-label="Status">
                      <span className={`tag ${REPORT_STATUS_TONES[r.status] ?? ''}`}>{STATUS_LABELS[r.status] ?? r.status}</span>
                      {r.automatic ? <span className="tag">Automatic</span> : null}
                      {r.overLimit ? <span className="tag tag-warning">Over the limit</span> : null}
                      <div className="muted">Return rate {r.returnRatePercent}%</div>
                      {r.resoldAt ? (
                        <div className="muted">
                          {r.resoldTo
                            ? `Sold again to ${clientName(clients.data, r.resoldTo)} for ${formatMoney(r.resalePrice ?? 0)}`
                            : 'Offered again: unsold'}
                        </div>
                      ) : null}
                      {r.adminNote ? <div className="muted">{r.adminNote}</div> : null}
                      {r.decidedAt ? <div className="muted">{formatDateTime(r.decidedAt)}</div> : null}
                    </td>
                    <td data-label="Actions">
                      {r.status === 'pending' ? (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button-small button-primary"
                            onClick={() => open(r, 'approve')}
                            aria-label={`Approve ${name}'s report`}
                          >
                            Approve
                          </button>
                          <button
                            type="button"
                            className="button button-small button-danger-quiet"
                            onClick={() => open(r, 'reject')}
                            aria-label={`Reject ${name}'s report`}
                          >
                            Reject
                          </button>
                        </div>
                      ) : r.status === 'approved' ? (
                        <div className="row-actions">
                          {reversible(r) ? (
                            <button
                              type="button"
                              className="button button-small button-danger-quiet"
                              onClick={() => open(r, 'reverse')}
                              aria-label={`Reverse ${name}'s automatic approval`}
                            >
                              Reverse
                            </button>
                          ) : null}
                          {r.resoldAt ? null : (
                            <button
                              type="button"
                              className="button button-small"
                              onClick={() => open(r, 'resell')}
                              aria-label={`Sell ${name}'s returned lead again`}
                            >
                              Sell again
                            </button>
                          )}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </PagedList>

      <ConfirmDialog
        open={deciding !== null}
        title={deciding ? TITLES[deciding.decision] : ''}
        confirmLabel={
          deciding?.decision === 'approve' && pending
            ? `Approve and refund ${formatMoney(pending.price)}`
            : deciding?.decision === 'reverse' && pending
              ? `Reverse and charge ${formatMoney(pending.price)}`
              : deciding?.decision === 'resell'
                ? 'Sell again'
                : 'Reject report'
        }
        busyLabel={
          deciding?.decision === 'approve'
            ? 'Refunding…'
            : deciding?.decision === 'reverse'
              ? 'Charging…'
              : deciding?.decision === 'resell'
                ? 'Offering…'
                : 'Rejecting…'
        }
        danger={deciding?.decision === 'reject' || deciding?.decision === 'reverse'}
        busy={busy}
        error={error}
        onConfirm={() => void decide()}
        onCancel={() => setDeciding(null)}
      >
        {pending ? (
          <p>
            {deciding?.decision === 'approve' ? (
              <>
                This refunds <strong>{formatMoney(pending.price)}</strong> to <strong>{who}</strong>'s balance and raises a Xero credit
                note.
              </>
            ) : deciding?.decision === 'reverse' ? (
              <>
                <strong>{who}</strong> is charged <strong>{formatMoney(pending.price)}</strong> again for this lead, once.
              </>
            ) : deciding?.decision === 'resell' ? (
              <>The lead is offered to buyers who never had it, at the resale discount.</>
            ) : (
              <>
                <strong>{who}</strong> keeps paying for this lead.
              </>
            )}
          </p>
        ) : null}
        {deciding?.decision === 'resell' ? null : (
          <div className="field">
            <label htmlFor="decision-note">Note to the client (optional)</label>
            <textarea id="decision-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        )}
      </ConfirmDialog>
    </Page>
  );
}
