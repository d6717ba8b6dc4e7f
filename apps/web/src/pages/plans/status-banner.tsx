import { changePlan, payInvoice, resumeSubscription, type ClientSubscriptionDto, type PaymentDto } from '@leadflow/api-client';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatDate, formatDay, formatMoney } from '../../api/format';
import { useSubscriptionCharge, useSubscriptionUpdate } from '../../api/subscription';
import { FormAlert } from '../../components/form';
import { InlineLoading, LoadFailed, Notice } from '../../components/states';
import { usePaymentWatch } from '../billing/use-payment-watch';
import { chargeNotice, type PlanNotice } from './plan-actions';

/** "Pay now" for an open invoice with the default card; 3-D Secure goes to Stripe's page. */
export function usePayInvoice(onNotice: (notice: PlanNotice) => void, onPending: (paymentId: string) => void) {
  const charge = useSubscriptionCharge();
  const [paying, setPaying] = useState<string | null>(null);
  async function pay(invoice: { id: string; number: string | null }) {
    setPaying(invoice.id);
    const outcome = await charge(payInvoice({ path: { id: invoice.id } }));
    if (outcome.ok === 'redirecting') return;
    setPaying(null);
    if (outcome.ok) {
      if (outcome.data.status === 'pending' && outcome.data.paymentId) onPending(outcome.data.paymentId);
      onNotice(chargeNotice(outcome.data, `Invoice ${invoice.number ?? ''} is paid.`));
    } else if (outcome.failure.kind === 'api') onNotice({ tone: 'error', text: outcome.failure.message });
  }
  return { pay, paying };
}

/**
 * What the owner needs to know first: unpaid (past due or suspended, with Pay now), ended, ending
 * (with Undo), or a change waiting for the end of the paid time.
 */
export function StatusBanner({
  sub,
  owner,
  onNotice,
  onPending,
}: {
  sub: ClientSubscriptionDto;
  owner: boolean;
  onNotice: (notice: PlanNotice) => void;
  onPending: (paymentId: string) => void;
}) {
  const call = useApiCall();
  const update = useSubscriptionUpdate();
  const { pay, paying } = usePayInvoice(onNotice, onPending);
  const [resuming, setResuming] = useState(false);
  const [keeping, setKeeping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unpaid = sub.unpaidInvoice;
  const money = (n: number) => formatMoney(n, sub.plan.currency);

  /** Undoes a scheduled plan change: choosing the current plan again. */
  async function keepPlan() {
    setKeeping(true);
    setError(null);
    const outcome = await call(changePlan({ body: { planId: sub.plan.id } }));
    setKeeping(false);
    if (outcome.ok) {
      update(outcome.data.subscription);
      onNotice({ tone: 'success', text: `You stay on the ${outcome.data.subscription.plan.name} plan.` });
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  async function resume() {
    setResuming(true);
    setError(null);
    const outcome = await call(resumeSubscription());
    setResuming(false);
    if (outcome.ok) {
      update(outcome.data);
      onNotice({ tone: 'success', text: `Your ${outcome.data.plan.name} plan carries on.` });
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  const payButton =
    unpaid && owner ? (
      <button type="button" className="button button-primary button-small" onClick={() => void pay(unpaid)} disabled={paying !== null}>
        {paying ? 'Paying…' : `Pay ${money(unpaid.grossAmount)} now`}
      </button>
    ) : null;

  const banners = [];
  if (sub.status === 'suspended')
    banners.push(
      <div key="suspended" className="notice notice-error" role="alert">
        <div>
          <p>
            <strong>Your account is suspended:</strong> no leads are delivered until{' '}
            {unpaid ? `invoice ${unpaid.number} (${money(unpaid.grossAmount)}, due ${formatDay(unpaid.dueOn)})` : 'your subscription'} is
            paid. Paying it reactivates your account at once.
          </p>
          {payButton}
        </div>
      </div>,
    );
  else if (sub.status === 'past_due')
    banners.push(
      <div key="past-due" className="notice notice-error" role="alert">
        <div>
          <p>
            <strong>Payment overdue:</strong>{' '}
            {unpaid
              ? `invoice ${unpaid.number} (${money(unpaid.grossAmount)}, due ${formatDay(unpaid.dueOn)}) is unpaid`
              : 'an invoice is unpaid'}
            {sub.pastDueSince ? ` since ${formatDate(sub.pastDueSince)}` : ''}.{' '}
            {sub.graceEndsAt ? `If it is still unpaid on ${formatDate(sub.graceEndsAt)}, lead deliveries stop.` : ''}
          </p>
          {payButton}
        </div>
      </div>,
    );
  else if (unpaid)
    banners.push(
      <div key="unpaid" className="notice notice-info" role="status">
        <div>
          <p>
            Invoice {unpaid.number} ({money(unpaid.grossAmount)}) is due on {formatDay(unpaid.dueOn)}; we charge your card then.
          </p>
          {payButton}
        </div>
      </div>,
    );
  if (sub.status === 'canceled')
    banners.push(
      <Notice key="canceled" tone="info">
        Your paid plan ended{sub.canceledAt ? ` on ${formatDate(sub.canceledAt)}` : ''}: you are on the {sub.plan.name} plan. Choose a paid
        plan below whenever you like.
      </Notice>,
    );
  else if (sub.cancelAtPeriodEnd && sub.currentPeriodEnd)
    banners.push(
      <div key="ending" className="notice notice-info" role="status">
        <div>
          <p>
            <strong>
              Your {sub.plan.name} plan ends on {formatDate(sub.currentPeriodEnd)}.
            </strong>{' '}
            Then your account moves to the free plan.
          </p>
          {owner ? (
            <button type="button" className="button button-small" onClick={() => void resume()} disabled={resuming}>
              {resuming ? 'Undoing…' : 'Undo'}
            </button>
          ) : null}
        </div>
      </div>,
    );
  if (sub.scheduledFor && (sub.scheduledPlan || sub.scheduledAddOnSeats !== null)) {
    const parts = [
      sub.scheduledPlan ? `you move to the ${sub.scheduledPlan.name} plan` : null,
      sub.scheduledAddOnSeats !== null
        ? `you have ${sub.scheduledAddOnSeats} add-on ${sub.scheduledAddOnSeats === 1 ? 'seat' : 'seats'}`
        : null,
    ].filter(Boolean);
    banners.push(
      <div key="scheduled" className="notice notice-info" role="status">
        <div>
          <p>
            From {formatDate(sub.scheduledFor)}, {parts.join(' and ')}.
          </p>
          {owner && sub.scheduledPlan ? (
            <button type="button" className="button button-small" onClick={() => void keepPlan()} disabled={keeping}>
              {keeping ? 'Keeping…' : `Keep the ${sub.plan.name} plan`}
            </button>
          ) : null}
        </div>
      </div>,
    );
  }
  return (
    <>
      {banners}
      {error ? <FormAlert>{error}</FormAlert> : null}
    </>
  );
}

/** Back from Stripe's 3-D Secure page (`/plan?payment=…`), or a charge Stripe is confirming: wait, then say how it went. */
export function PaymentReturn({
  paymentId,
  onSettled,
  onDismiss,
}: {
  paymentId: string;
  onSettled: (payment: PaymentDto) => void;
  onDismiss: () => void;
}) {
  const watch = usePaymentWatch(paymentId, onSettled);
  const payment = watch.payment;
  if (watch.error && !payment) return <LoadFailed title="We couldn't check your payment." message={watch.error} onRetry={watch.recheck} />;
  if (!payment) return <InlineLoading label="Checking your payment…" />;
  const amount = formatMoney(payment.grossAmount, payment.currency);
  if (payment.status === 'pending' || payment.status === 'requires_action') {
    if (!watch.gaveUp)
      return (
        <div className="notice notice-info" role="status">
          <p className="status-line">
            <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
            Waiting for Stripe to confirm your payment of {amount}…
          </p>
        </div>
      );
    return (
      <Notice tone="info" onDismiss={onDismiss}>
        <p>
          Stripe hasn't confirmed your payment of {amount} yet
          {payment.status === 'requires_action' ? ': it still needs your approval.' : '.'}
        </p>
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={watch.recheck}>
            Check again
          </button>
          {payment.status === 'requires_action' && payment.nextActionUrl ? (
            <a className="button button-small button-primary" href={payment.nextActionUrl}>
              Approve payment
            </a>
          ) : null}
        </div>
      </Notice>
    );
  }
  if (payment.status === 'succeeded')
    return (
      <Notice tone="success" onDismiss={onDismiss}>
        <strong>Payment received.</strong> {amount} is paid and your plan is up to date. <Link to="/">Go to the dashboard</Link>
      </Notice>
    );
  return (
    <Notice tone="error" onDismiss={onDismiss}>
      <strong>Your payment of {amount} didn't go through:</strong> {payment.failureReason ?? 'the payment failed.'} Nothing changed; you can
      try again.
    </Notice>
  );
}
