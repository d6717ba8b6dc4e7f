import type { PaymentDto } from '@leadflow/api-client';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatMoney, PAYMENT_KIND_LABELS } from '../../api/format';
import { PaymentStatusBadge } from './payment-status';

/** "3 Mar 2025 – 9 Mar 2025" for a weekly invoice's period. */
export function periodLabel(p: PaymentDto): string | null {
  return p.periodStart && p.periodEnd ? `${formatDate(p.periodStart)} – ${formatDate(p.periodEnd)}` : null;
}

/** Payments newest first: what was bought, what the card paid, and how it ended (with Stripe's reason when it failed). */
export function PaymentsTable({
  payments,
  caption,
  details,
}: {
  payments: PaymentDto[];
  caption: string;
  details?: (payment: PaymentDto) => ReactNode;
}) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Credit</th>
          <th scope="col">VAT</th>
          <th scope="col">Charged</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id}>
            <td data-label="Date">{formatDateTime(p.createdAt)}</td>
            <td data-label="Type">
              {PAYMENT_KIND_LABELS[p.kind]}
              {periodLabel(p) ? <div className="muted">{periodLabel(p)}</div> : null}
            </td>
            <td data-label="Status">
              <PaymentStatusBadge status={p.status} />
            </td>
            <td data-label="Credit">{formatMoney(p.netAmount, p.currency)}</td>
            <td data-label="VAT">{formatMoney(p.vatAmount, p.currency)}</td>
            <td data-label="Charged">{formatMoney(p.grossAmount, p.currency)}</td>
            <td data-label="Details">
              {p.status === 'failed' && p.failureReason ? <span className="failure-reason">{p.failureReason}</span> : null}
              {p.status === 'failed' && p.failureDetail ? <span className="failure-detail muted">Stripe: {p.failureDetail}</span> : null}
              {details ? details(p) : null}
              {!(p.status === 'failed' && p.failureReason) && !details ? <span className="muted">—</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
