import { listPaymentsOptions, listPaymentsQueryKey, resendInvoice, type PaymentDto } from '@leadflow/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDate, formatMoney } from '../../api/format';
import { useListParams } from '../../api/url-state';
import { useRefresh } from '../../api/use-refresh';
import { PagedList } from '../../components/query-view';
import { Notice } from '../../components/states';
import { PaymentStatusBadge } from './payment-status';
import { PaymentsTable, periodLabel } from './payments-table';

const PAGE_SIZE = 10;

/** Every payment: top-ups, auto-charges and weekly invoices, newest first. Only owners get the link to approve one. */
export function PaymentsSection({ canApprove = true }: { canApprove?: boolean }) {
  const list = useListParams([], 'payments');
  const payments = useQuery({
    ...listPaymentsOptions({ query: { page: list.page, pageSize: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });

  return (
    <section className="section" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      <PagedList
        query={payments}
        loading="Loading payments…"
        failed="We couldn't load your payments."
        empty="No payments yet. Your top-ups and auto-charges will show here."
        noun={['payment', 'payments']}
        onPage={list.setPage}
      >
        {(items) => (
          <PaymentsTable
            payments={items}
            caption="Payments, newest first"
            details={(p) =>
              p.status === 'requires_action' && canApprove ? (
                <Link to={`/billing?authenticate=${p.id}`} aria-label={`Approve payment of ${formatMoney(p.grossAmount, p.currency)}`}>
                  Approve payment
                </Link>
              ) : p.status === 'succeeded' ? (
                <Link
                  to={`/billing/receipts/${p.id}`}
                  aria-label={`VAT receipt for ${formatMoney(p.grossAmount, p.currency)} paid ${formatDate(p.settledAt ?? p.createdAt)}`}
                >
                  VAT receipt
                </Link>
              ) : p.hostedInvoiceUrl ? (
                <a href={p.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                  View invoice
                </a>
              ) : null
            }
          />
        )}
      </PagedList>
    </section>
  );
}

/** Weekly invoices (clients on weekly terms): open Stripe's invoice page, or have it emailed again. */
export function InvoicesSection() {
  const call = useApiCall();
  const refresh = useRefresh();
  const list = useListParams([], 'invoices');
  const invoices = useQuery({
    ...listPaymentsOptions({ query: { page: list.page, pageSize: PAGE_SIZE, kind: 'weekly_request' } }),
    placeholderData: keepPreviousData,
  });
  const [resending, setResending] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function resend(invoice: PaymentDto) {
    setResending(invoice.id);
    setMessage(null);
    const outcome = await call(resendInvoice({ path: { id: invoice.id } }));
    setResending(null);
    if (outcome.ok) {
      void refresh(listPaymentsQueryKey);
      setMessage({
        tone: 'success',
        text: `The invoice for ${periodLabel(invoice) ?? formatDate(invoice.createdAt)} is on its way to your email again.`,
      });
    } else if (outcome.failure.kind === 'api') {
      setMessage({ tone: 'error', text: outcome.failure.message });
    }
  }

  return (
    <section className="section" aria-labelledby="invoices-title">
      <h2 id="invoices-title">Invoices</h2>
      {message ? (
        <Notice tone={message.tone} onDismiss={() => setMessage(null)}>
          {message.text}
        </Notice>
      ) : null}
      <PagedList
        query={invoices}
        loading="Loading invoices…"
        failed="We couldn't load your invoices."
        empty="No invoices. Clients on weekly terms get one invoice a week for the leads delivered."
        noun={['invoice', 'invoices']}
        onPage={list.setPage}
      >
        {(items) => (
          <table className="table">
            <caption className="visually-hidden">Weekly invoices, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Issued</th>
                <th scope="col">Status</th>
                <th scope="col">Amount</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((invoice) => (
                <tr key={invoice.id}>
                  <td data-label="Period">{periodLabel(invoice) ?? '—'}</td>
                  <td data-label="Issued">{formatDate(invoice.createdAt)}</td>
                  <td data-label="Status">
                    <PaymentStatusBadge status={invoice.status} />
                    {invoice.failureReason && invoice.status === 'failed' ? (
                      <div className="failure-reason">{invoice.failureReason}</div>
                    ) : null}
                  </td>
                  <td data-label="Amount">{formatMoney(invoice.grossAmount, invoice.currency)}</td>
                  <td data-label="Actions">
                    <div className="row-actions">
                      {invoice.status === 'succeeded' ? (
                        <Link className="button button-small" to={`/billing/receipts/${invoice.id}`}>
                          VAT receipt
                        </Link>
                      ) : null}
                      {invoice.hostedInvoiceUrl ? (
                        <a className="button button-small" href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                          View invoice
                        </a>
                      ) : null}
                      {invoice.status !== 'succeeded' && invoice.status !== 'canceled' ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => void resend(invoice)}
                          disabled={resending !== null}
                        >
                          {resending === invoice.id ? 'Sending…' : 'Resend'}
                        </button>
                      ) : null}
                    </div>
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
