import { getReceiptOptions, getReceiptPdf, type ReceiptDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { saveBlob } from '../../api/download';
import { formatDay, formatMoney } from '../../api/format';
import { FormAlert } from '../../components/form';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';

const rate = (bps: number) => `${bps / 100}%`;

/** `/billing/receipts/:id`: a paid payment's VAT receipt, as the PDF prints it, and the PDF to download (linked from the payment and the receipt email). */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const receipt = useQuery(getReceiptOptions({ path: { id } }));
  return (
    <Page title={receipt.data ? `${receipt.data.title} ${receipt.data.number}` : 'Receipt'}>
      <p>
        <Link to="/billing">← Billing</Link>
      </p>
      <QueryView
        query={receipt}
        loading="Loading the receipt…"
        failed={{ missing: 'No such payment.', other: 'No receipt for this payment.' }}
      >
        {(r) => <ReceiptView receipt={r} />}
      </QueryView>
    </Page>
  );
}

function ReceiptView({ receipt: r }: { receipt: ReceiptDto }) {
  const call = useApiCall();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setDownloading(true);
    setError(null);
    const outcome = await call(getReceiptPdf({ path: { id: r.paymentId }, parseAs: 'blob' }));
    setDownloading(false);
    if (outcome.ok) saveBlob(`leadflow-receipt-${r.number}.pdf`, outcome.data as Blob);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  const vatRate = rate(r.lines[0]?.vatRateBps ?? 0);
  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <p className="eyebrow">Paid {formatDay(r.issuedOn)}</p>
          <h1>
            {r.title} {r.number}
          </h1>
        </div>
        <button type="button" className="button" onClick={() => void download()} disabled={downloading} aria-disabled={downloading}>
          {downloading ? 'Preparing the PDF…' : 'Download PDF'}
        </button>
      </div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <article className="card receipt" aria-label={`${r.title} ${r.number}`}>
        <div className="receipt-parties">
          <section aria-labelledby="receipt-buyer">
            <h2 id="receipt-buyer" className="receipt-label">
              Billed to
            </h2>
            <address>
              <strong>{r.buyer.name}</strong>
              {r.buyer.address.map((line) => (
                <span key={line}>{line}</span>
              ))}
            </address>
          </section>
          <section aria-labelledby="receipt-seller">
            <h2 id="receipt-seller" className="receipt-label">
              From
            </h2>
            <address>
              <strong>{r.seller.name}</strong>
              {r.seller.address.map((line) => (
                <span key={line}>{line}</span>
              ))}
              {r.seller.vatNumber ? <span>VAT number {r.seller.vatNumber}</span> : null}
            </address>
          </section>
        </div>
        <dl className="summary receipt-meta">
          <div>
            <dt>Number</dt>
            <dd>{r.number}</dd>
          </div>
          <div>
            <dt>Date</dt>
            <dd>{formatDay(r.issuedOn)}</dd>
          </div>
          <div>
            <dt>Reference</dt>
            <dd className="mono">{r.paymentId}</dd>
          </div>
        </dl>
        <table className="table receipt-lines">
          <caption className="visually-hidden">What was paid for</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="numeric">
                Net
              </th>
              <th scope="col" className="numeric">
                VAT {vatRate}
              </th>
              <th scope="col" className="numeric">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((line) => (
              <tr key={line.description}>
                <td data-label="Description">{line.description}</td>
                <td data-label="Net" className="numeric">
                  {formatMoney(line.netAmount, r.currency)}
                </td>
                <td data-label={`VAT ${rate(line.vatRateBps)}`} className="numeric">
                  {formatMoney(line.vatAmount, r.currency)}
                </td>
                <td data-label="Total" className="numeric">
                  {formatMoney(line.grossAmount, r.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="receipt-totals">
          <div>
            <dt>Net</dt>
            <dd>{formatMoney(r.netAmount, r.currency)}</dd>
          </div>
          <div>
            <dt>VAT at {vatRate}</dt>
            <dd>{formatMoney(r.vatAmount, r.currency)}</dd>
          </div>
          <div className="receipt-total">
            <dt>Total paid</dt>
            <dd>{formatMoney(r.grossAmount, r.currency)}</dd>
          </div>
        </dl>
        <p className="muted">Paid in full on {formatDay(r.issuedOn)}. Thank you.</p>
      </article>
    </>
  );
}
