import { reconcileBilling, type ReconciliationDto } from '@leadflow/api-client';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatMoney, PAYMENT_KIND_LABELS } from '../../api/format';
import { FormAlert } from '../../components/form';
import { PaymentStatusBadge } from '../billing/payment-status';

/** Σ ledger = balance for every client, and stale pending payments re-read from Stripe: on demand. */
export function ReconcilePanel() {
  const call = useApiCall();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ReconciliationDto | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    const outcome = await call(reconcileBilling());
    setBusy(false);
    if (outcome.ok) setReport(outcome.data);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <section className="card" aria-labelledby="reconcile-title">
      <div className="page-head-row">
        <div>
          <h2 id="reconcile-title">Billing reconciliation</h2>
          <p className="muted">Checks every balance against its ledger, and settles payments Stripe answered but we never heard about.</p>
        </div>
        <button type="button" className="button" onClick={() => void run()} disabled={busy} aria-disabled={busy}>
          {busy ? (
            <>
              <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
              Reconciling…
            </>
          ) : (
            'Run reconciliation'
          )}
        </button>
      </div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {report ? (
        <div className="reconcile-report" role="status">
          <p>
            Checked <strong>{report.clientsChecked}</strong> {report.clientsChecked === 1 ? 'client' : 'clients'} and{' '}
            <strong>{report.stalePaymentsChecked}</strong> stale {report.stalePaymentsChecked === 1 ? 'payment' : 'payments'}.{' '}
            {report.mismatches.length === 0 ? (
              <span className="tag tag-success">Every balance matches its ledger</span>
            ) : (
              <span className="tag tag-danger">{report.mismatches.length} balance mismatches</span>
            )}
          </p>
          {report.mismatches.length > 0 ? (
            <ul className="report-list" aria-label="Balance mismatches">
              {report.mismatches.map((m) => (
                <li key={m.clientId}>
                  <Link to={`/admin/clients/${m.clientId}`}>{m.clientId}</Link>: balance {formatMoney(m.balance)}, but the ledger adds up to{' '}
                  {formatMoney(m.ledgerSum)}
                </li>
              ))}
            </ul>
          ) : null}
          {report.settled.length > 0 ? (
            <>
              <p>Settled from Stripe:</p>
              <ul className="report-list" aria-label="Payments settled">
                {report.settled.map((p) => (
                  <li key={p.id}>
                    {PAYMENT_KIND_LABELS[p.kind]} {formatMoney(p.grossAmount, p.currency)} <PaymentStatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">No payments needed settling.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
