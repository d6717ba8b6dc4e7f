import { listPayments, resendInvoice, type PaymentDto, type PaymentPageDto } from '@leadflow/api-client';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDate, formatMoney } from '../../api/format';
import { useLoad } from '../../api/use-load';
import { Pagination } from '../../components/pagination';
import { EmptyState, InlineLoading, LoadFailed, Notice } from '../../components/states';
import { PaymentStatusBadge } from './payment-status';
import { PaymentsTable, periodLabel } from './payments-table';

const PAGE_SIZE = 10;

/** Every payment: top-ups, auto-charges and weekly invoices, newest first. Only owners get the link to approve one. */
export function PaymentsSection({ refreshKey, canApprove = true }: { refreshKey: number; canApprove?: boolean }) {
  const [page, setPage] = useState(1);
  const payments = useLoad<PaymentPageDto>(() => listPayments({ query: { page, pageSize: PAGE_SIZE } }), `${page}|${refreshKey}`);
  const data = payments.data;

  return (
    <section className="section" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {payments.error && !data ? (
        <LoadFailed title="We couldn't load your payments." message={payments.error.message} onRetry={payments.reload} />
      ) : !data ? (
        <InlineLoading label="Loading payments…" />
      ) : data.items.length === 0 ? (
        <EmptyState>No payments yet. Your top-ups and auto-charges will show here.</EmptyState>
      ) : (
        <>
          <div className="table-wrap" aria-busy={payments.loading}>
            <PaymentsTable
              payments={data.items}
              caption="Payments, newest first"
              details={(p) =>
                p.status === 'requires_action' && canApprove ? (
                  <Link to={`/billing?authenticate=${p.id}`} aria-label={`Approve payment of ${formatMoney(p.grossAmount, p.currency)}`}>
                    Approve payment
                  </Link>
                ) : p.hostedInvoiceUrl ? (
                  <a href={p.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                    View invoice
                  </a>
                ) : null
              }
            />
          </div>
          <Pagination meta={data.meta} busy={payments.loading} noun={['payment', 'payments']} label="Payments pages" onPage={setPage} />
        </>
      )}
    </section>
  );
}

/** Weekly invoices (clients on weekly terms): open Stripe's invoice page, or have it emailed again. */
export function InvoicesSection({ refreshKey }: { refreshKey: number }) {
  const call = useApiCall();
  const [page, setPage] = useState(1);
  const invoices = useLoad<PaymentPageDto>(
    () => listPayments({ query: { page, pageSize: PAGE_SIZE, kind: 'weekly_request' } }),
    `${page}|${refreshKey}`,
  );
  const [resending, setResending] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const data = invoices.data;

  async function resend(invoice: PaymentDto) {
    setResending(invoice.id);
    setMessage(null);
    const outcome = await call(resendInvoice({ path: { id: invoice.id } }));
    setResending(null);
    if (outcome.ok) {
      invoices.setData((d) => ({ ...d, items: d.items.map((i) => (i.id === invoice.id ? outcome.data : i)) }));
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
      {invoices.error && !data ? (
        <LoadFailed title="We couldn't load your invoices." message={invoices.error.message} onRetry={invoices.reload} />
      ) : !data ? (
        <InlineLoading label="Loading invoices…" />
      ) : data.items.length === 0 ? (
        <EmptyState>No invoices. Clients on weekly terms get one invoice a week for the leads delivered.</EmptyState>
      ) : (
        <>
          <div className="table-wrap" aria-busy={invoices.loading}>
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
                {data.items.map((invoice) => (
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
          </div>
          <Pagination meta={data.meta} busy={invoices.loading} noun={['invoice', 'invoices']} label="Invoice pages" onPage={setPage} />
        </>
      )}
    </section>
  );
}
