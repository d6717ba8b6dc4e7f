import { authenticatePayment, type PaymentDto } from '@leadflow/api-client';
import { useState } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDateTime, formatMoney, PAYMENT_KIND_LABELS } from '../../api/format';
import { FormAlert } from '../../components/form';
import { InlineLoading, LoadFailed, Notice } from '../../components/states';
import { PaymentStatusBadge } from './payment-status';
import { usePaymentWatch } from './use-payment-watch';

/** "£50.00 credit (£60.00 charged with £10.00 VAT)". */
export function paymentAmounts(p: PaymentDto): string {
  if (p.vatAmount === 0) return `${formatMoney(p.netAmount, p.currency)} credit`;
  return `${formatMoney(p.netAmount, p.currency)} credit (${formatMoney(p.grossAmount, p.currency)} charged with ${formatMoney(p.vatAmount, p.currency)} VAT)`;
}

/** What became of one payment, in words, for the banner at the top of the page. */
export function PaymentResult({ payment, onDismiss }: { payment: PaymentDto; onDismiss: () => void }) {
  const what = PAYMENT_KIND_LABELS[payment.kind].toLowerCase();
  switch (payment.status) {
    case 'succeeded':
      return (
        <Notice tone="success" onDismiss={onDismiss}>
          <p>
            <strong>Payment received.</strong> {paymentAmounts(payment)} is on your balance.
          </p>
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="error" onDismiss={onDismiss}>
          <p>
            <strong>
              Your {what} of {formatMoney(payment.grossAmount, payment.currency)} didn't go through:
            </strong>{' '}
            {payment.failureReason ?? 'the payment failed.'}
          </p>
          <p>Your balance hasn't changed.</p>
        </Notice>
      );
    case 'canceled':
      return (
        <Notice tone="info" onDismiss={onDismiss}>
          Your {what} of {formatMoney(payment.grossAmount, payment.currency)} was cancelled. Your balance hasn't changed.
        </Notice>
      );
    default:
      return null;
  }
}

/** Back from Stripe (`?payment=`), or a top-up Stripe is still confirming: wait for the outcome, then say it. */
export function PaymentTracker({
  paymentId,
  initial,
  canApprove = true,
  onSettled,
  onDismiss,
}: {
  paymentId: string;
  initial?: PaymentDto;
  /** Approving a payment is for the account's owners. */
  canApprove?: boolean;
  onSettled: (payment: PaymentDto) => void;
  onDismiss: () => void;
}) {
  const watch = usePaymentWatch(paymentId, onSettled, { initial });
  const payment = watch.payment;
  if (watch.error && !payment) return <LoadFailed title="We couldn't check your payment." message={watch.error} onRetry={watch.recheck} />;
  if (!payment) return <InlineLoading label="Checking your payment…" />;
  if (payment.status === 'pending' || payment.status === 'requires_action') {
    if (!watch.gaveUp) {
      return (
        <div className="notice notice-info" role="status">
          <p className="status-line">
            <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
            Waiting for Stripe to confirm your payment of {formatMoney(payment.grossAmount, payment.currency)}…
          </p>
        </div>
      );
    }
    return (
      <Notice tone="info" onDismiss={onDismiss}>
        <p>
          Stripe hasn't confirmed your payment of {formatMoney(payment.grossAmount, payment.currency)} yet
          {payment.status === 'requires_action' ? ': it still needs your approval.' : '. It will show below once it does.'}
        </p>
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={watch.recheck}>
            Check again
          </button>
          {payment.status === 'requires_action' && payment.nextActionUrl && canApprove ? (
            <a className="button button-small button-primary" href={payment.nextActionUrl}>
              Approve payment
            </a>
          ) : null}
        </div>
      </Notice>
    );
  }
  return <PaymentResult payment={payment} onDismiss={onDismiss} />;
}

/**
 * `/billing?authenticate=<id>` (the link in the "approve your payment" email): an auto-charge
 * the bank wants the cardholder to approve. "Approve payment" asks the API to confirm it
 * on-session and goes to Stripe's 3-D Secure page. Members are told to ask an owner instead.
 */
export function ApprovePayment({
  paymentId,
  canApprove = true,
  onSettled,
  onDismiss,
}: {
  paymentId: string;
  canApprove?: boolean;
  onSettled: (payment: PaymentDto) => void;
  onDismiss: () => void;
}) {
  const call = useApiCall();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [settled, setSettled] = useState<PaymentDto | null>(null);
  // This payment waits for the cardholder, not for Stripe: no polling while it needs approval.
  const watch = usePaymentWatch(paymentId, onSettled, { stopOnAction: true });
  const payment = settled ?? watch.payment;

  async function approve() {
    setBusy(true);
    setError(null);
    const outcome = await call(authenticatePayment({ path: { id: paymentId } }));
    if (outcome.ok && outcome.data.status === 'requires_action' && outcome.data.nextActionUrl) {
      window.location.assign(outcome.data.nextActionUrl);
      return;
    }
    setBusy(false);
    if (outcome.ok) {
      setSettled(outcome.data);
      if (outcome.data.status !== 'pending') onSettled(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      setError(outcome.failure.message);
      watch.recheck();
    }
  }

  if (watch.error && !payment) return <LoadFailed title="We couldn't find that payment." message={watch.error} />;
  if (!payment) return <InlineLoading label="Loading the payment…" />;
  if (payment.status !== 'requires_action') {
    if (payment.status === 'pending')
      return <PaymentTracker paymentId={paymentId} initial={payment} canApprove={canApprove} onSettled={onSettled} onDismiss={onDismiss} />;
    return <PaymentResult payment={payment} onDismiss={onDismiss} />;
  }
  return (
    <section className="card approve-card" aria-labelledby="approve-title">
      <h2 id="approve-title">Approve a payment</h2>
      <p>Your bank needs you to approve this payment before it can go through.</p>
      <dl className="summary">
        <div>
          <dt>Payment</dt>
          <dd>{PAYMENT_KIND_LABELS[payment.kind]}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{paymentAmounts(payment)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(payment.createdAt)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <PaymentStatusBadge status={payment.status} />
          </dd>
        </div>
      </dl>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {canApprove ? null : <p>Only the account's owners can approve a payment: ask one of them to open this page.</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDismiss} disabled={busy}>
          {canApprove ? 'Not now' : 'Close'}
        </button>
        {canApprove ? (
          <button type="button" className="button button-primary" onClick={() => void approve()} disabled={busy} aria-disabled={busy}>
            {busy ? (
              <>
                <span className="spinner spinner-small" aria-hidden="true" />
                Opening your bank…
              </>
            ) : (
              'Approve payment'
            )}
          </button>
        ) : null}
      </div>
    </section>
  );
}
