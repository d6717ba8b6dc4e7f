import { getSubscriptionInvoicePdf, listSubscriptionInvoicesOptions, type SubscriptionInvoiceDto } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiCall } from '../../api/connection';
import { saveBlob } from '../../api/download';
import { formatDate, formatDay, formatMoney } from '../../api/format';
import { useListParams } from '../../api/url-state';
import { PagedList } from '../../components/query-view';
import { Notice } from '../../components/states';
import type { PlanNotice } from './plan-actions';
import { usePayInvoice } from './status-banner';

const STATUS: Record<SubscriptionInvoiceDto['status'], string> = { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void' };

/** The account's subscription invoices on its Plan page: number, period, total, status (Pay for an open one) and the PDF. */
export function InvoicesSection({
  canPay,
  onNotice,
  onPending,
}: {
  /** Owners pay open invoices here; members only see them. */
  canPay: boolean;
  onNotice: (notice: PlanNotice) => void;
  onPending: (paymentId: string) => void;
}) {
  const { pay, paying } = usePayInvoice(onNotice, onPending);
  const call = useApiCall();
  const list = useListParams([], 'invoices');
  const invoices = useQuery({
    ...listSubscriptionInvoicesOptions({ query: { page: list.page, pageSize: 10 } }),
    placeholderData: keepPreviousData,
  });
  const [downloading, setDownloading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(inv: SubscriptionInvoiceDto) {
    setDownloading(inv.id);
    setError(null);
    const outcome = await call(getSubscriptionInvoicePdf({ path: { id: inv.id }, parseAs: 'blob' }));
    setDownloading(null);
    if (outcome.ok) saveBlob(`leadflow-invoice-${inv.number ?? inv.id}.pdf`, outcome.data as Blob);
    else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <section className="section" aria-labelledby="invoices-title">
      <h2 id="invoices-title">Invoices</h2>
      {error ? (
        <Notice tone="error" onDismiss={() => setError(null)}>
          {error}
        </Notice>
      ) : null}
      <PagedList
        query={invoices}
        loading="Loading your invoices…"
        failed="We couldn't load your invoices."
        empty="No invoices yet: the free plan has nothing to pay for."
        noun={['invoice', 'invoices']}
        onPage={list.setPage}
      >
        {(items) => (
          <table>
            <caption className="visually-hidden">Your subscription invoices, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Period</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
                <th scope="col">PDF</th>
              </tr>
            </thead>
            <tbody>
              {items.map((inv) => (
                <tr key={inv.id}>
                  <td data-label="Number">{inv.number}</td>
                  <td data-label="Period">
                    {formatDay(inv.periodStart.slice(0, 10))} – {formatDay(inv.periodEnd.slice(0, 10))}
                  </td>
                  <td data-label="Total">{formatMoney(inv.grossAmount, inv.currency)}</td>
                  <td data-label="Status">
                    {STATUS[inv.status]}
                    {inv.creditNote
                      ? ` (credit note ${inv.creditNote.number})`
                      : inv.status === 'open'
                        ? `, by ${formatDay(inv.dueOn)}`
                        : inv.status === 'paid' && inv.paidAt
                          ? ` on ${formatDate(inv.paidAt)}`
                          : ''}
                    {inv.status === 'open' && inv.lastFailure ? (
                      <span className="field-hint"> Last charge failed: {inv.lastFailure}</span>
                    ) : null}
                    {inv.status === 'open' && canPay ? (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="button button-small button-primary"
                          onClick={() => void pay(inv)}
                          disabled={paying !== null}
                          aria-label={`Pay invoice ${inv.number} (${formatMoney(inv.grossAmount, inv.currency)})`}
                        >
                          {paying === inv.id ? 'Paying…' : 'Pay'}
                        </button>
                      </>
                    ) : null}
                  </td>
                  <td data-label="PDF">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void download(inv)}
                      disabled={downloading !== null}
                    >
                      {downloading === inv.id ? 'Preparing…' : 'PDF'}
                      <span className="visually-hidden"> of invoice {inv.number}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
