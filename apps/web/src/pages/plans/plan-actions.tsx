import {
  cancelSubscription,
  changePlan,
  checkoutPlan,
  listPublicPlansOptions,
  payInAdvance,
  setAddOnSeats,
  type ClientSubscriptionDto,
  type SubscriptionPaymentDto,
} from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDate, formatMoney } from '../../api/format';
import { planPriceText, planSeatsText } from '../../api/plans';
import { periodWord, useSubscriptionUpdate } from '../../api/subscription';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field, SelectField } from '../../components/form';
import { Modal } from '../../components/modal';
import { QueryView } from '../../components/query-view';
import { EmptyState } from '../../components/states';
import { QuoteForm } from './quote-form';

/** What the page says after a change: its tone and words. */
export interface PlanNotice {
  tone: 'success' | 'info' | 'error';
  text: string;
}

type Dialog = 'plan' | 'seats' | 'advance' | 'cancel' | null;

/** "Paid £12.00." / "Stripe is confirming…": a charge's outcome in words, with what it did. */
export function chargeNotice(payment: SubscriptionPaymentDto, done: string): PlanNotice {
  const amount = payment.invoice ? formatMoney(payment.invoice.grossAmount, payment.invoice.currency) : null;
  switch (payment.status) {
    case 'succeeded':
      return { tone: 'success', text: `${amount ? `Paid ${amount}. ` : 'Paid. '}${done}` };
    case 'nothing_to_pay':
      return { tone: 'success', text: done };
    case 'pending':
      return { tone: 'info', text: 'Stripe is confirming your payment; this page updates when it does.' };
    default:
      return {
        tone: 'error',
        text: `The payment didn't go through: ${payment.failureReason ?? 'the card was declined.'} Nothing changed.`,
      };
  }
}

/**
 * The owner's changes to the subscription: change plan, add or remove seats, pay ahead, cancel at
 * the end of the paid time. Each shows the API's quote (what is charged now, or from when) first.
 */
export function PlanActions({
  sub,
  preselect,
  onNotice,
  onPending,
  onPreselectUsed,
}: {
  sub: ClientSubscriptionDto;
  /** A plan picked on the pricing page (`/plan?change=…`): the plan dialog opens with it. */
  preselect: string | null;
  /** The dialog opened for `preselect` closed: a reload should not open it again. */
  onPreselectUsed: () => void;
  onNotice: (notice: PlanNotice) => void;
  /** A payment Stripe is still confirming: the page watches it. */
  onPending: (paymentId: string) => void;
}) {
  const [dialog, setDialog] = useState<Dialog>(preselect ? 'plan' : null);
  const paid = sub.currentPeriodEnd !== null && sub.status !== 'canceled';
  const close = () => {
    setDialog(null);
    if (preselect) onPreselectUsed();
  };
  const done = (what: string) => (payment: SubscriptionPaymentDto) => {
    close();
    if (payment.status === 'pending' && payment.paymentId) onPending(payment.paymentId);
    onNotice(chargeNotice(payment, what));
  };

  return (
    <section className="card" aria-labelledby="plan-actions-title">
      <h2 id="plan-actions-title">Change your plan</h2>
      <div className="row-actions">
        <button type="button" className="button button-primary" onClick={() => setDialog('plan')}>
          {paid ? 'Change plan' : 'Choose a paid plan'}
        </button>
        {paid ? (
          <>
            <button type="button" className="button" onClick={() => setDialog('seats')}>
              Add or remove seats
            </button>
            <button type="button" className="button" onClick={() => setDialog('advance')} disabled={sub.cancelAtPeriodEnd}>
              Pay in advance
            </button>
            {sub.cancelAtPeriodEnd ? null : (
              <button type="button" className="button button-danger" onClick={() => setDialog('cancel')}>
                Cancel plan
              </button>
            )}
          </>
        ) : null}
      </div>
      <Modal open={dialog === 'plan'} title={paid ? 'Change plan' : 'Choose a paid plan'} onClose={close}>
        <ChangePlanForm sub={sub} preselect={preselect} onCancel={close} onDone={done} />
      </Modal>
      <Modal open={dialog === 'seats'} title="Add or remove seats" onClose={close}>
        <SeatsForm sub={sub} onCancel={close} onDone={done} />
      </Modal>
      <Modal open={dialog === 'advance'} title="Pay in advance" onClose={close}>
        <AdvanceForm sub={sub} onCancel={close} onDone={done} />
      </Modal>
      <CancelDialog open={dialog === 'cancel'} sub={sub} onClose={close} onNotice={onNotice} />
    </section>
  );
}

interface FormProps {
  sub: ClientSubscriptionDto;
  onCancel: () => void;
  onDone: (what: string) => (payment: SubscriptionPaymentDto) => void;
}

function ChangePlanForm({ sub, preselect, onCancel, onDone }: FormProps & { preselect: string | null }) {
  const plans = useQuery(listPublicPlansOptions());
  const paid = sub.currentPeriodEnd !== null && sub.status !== 'canceled';
  const [picked, setPicked] = useState<string | null>(preselect && preselect !== sub.plan.id ? preselect : null);
  const legend = useId();
  return (
    <QueryView query={plans} loading="Loading plans…" failed="We couldn't load the plans.">
      {(list) => {
        const offered = list.filter((p) => p.id !== sub.plan.id && (paid || p.monthlyPrice > 0));
        const plan = offered.find((p) => p.id === picked);
        if (offered.length === 0) return <EmptyState>No other plan is on offer just now.</EmptyState>;
        return (
          <QuoteForm
            request={plan ? { planId: plan.id } : null}
            confirmLabel={(q) =>
              q.effective === 'now' && q.grossAmount > 0
                ? `Pay ${formatMoney(q.grossAmount, q.currency)} and change`
                : `Change from ${formatDate(q.effectiveAt)}`
            }
            run={() => (paid ? changePlan({ body: { planId: plan!.id } }) : checkoutPlan({ body: { planId: plan!.id } }))}
            onCancel={onCancel}
            onDone={(payment) =>
              onDone(
                payment.status === 'nothing_to_pay' && payment.subscription.scheduledPlan
                  ? `You move to the ${plan!.name} plan on ${formatDate(payment.subscription.scheduledFor ?? payment.subscription.currentPeriodEnd!)}.`
                  : `You are on the ${plan!.name} plan.`,
              )(payment)
            }
          >
            <fieldset className="choice-list">
              <legend id={legend}>New plan (you are on {sub.plan.name})</legend>
              {offered.map((p) => (
                <label key={p.id} className="choice">
                  <input type="radio" name="planId" value={p.id} checked={picked === p.id} onChange={() => setPicked(p.id)} />
                  <span>
                    <strong>{p.name}</strong> · {planPriceText(p)}, {p.billingPeriod}
                    <span className="muted"> · {planSeatsText(p)}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          </QuoteForm>
        );
      }}
    </QueryView>
  );
}

function SeatsForm({ sub, onCancel, onDone }: FormProps) {
  const now = sub.scheduledAddOnSeats ?? sub.addOnSeats;
  const [text, setText] = useState(String(now));
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
  const invalid = value === null || value > 500;
  const unchanged = value === sub.addOnSeats && sub.scheduledAddOnSeats === null;
  return (
    <QuoteForm
      request={invalid || unchanged ? null : { addOnSeats: value }}
      invalid={invalid}
      confirmLabel={(q) =>
        q.effective === 'now' && q.grossAmount > 0 ? `Pay ${formatMoney(q.grossAmount, q.currency)} and add seats` : 'Confirm'
      }
      run={() => setAddOnSeats({ body: { addOnSeats: value! } })}
      onCancel={onCancel}
      onDone={(payment) =>
        onDone(
          payment.status === 'nothing_to_pay' && payment.subscription.scheduledAddOnSeats !== null
            ? `From ${formatDate(payment.subscription.scheduledFor ?? payment.subscription.currentPeriodEnd!)} you have ${value} add-on ${value === 1 ? 'seat' : 'seats'}.`
            : `You have ${payment.subscription.addOnSeats} add-on ${payment.subscription.addOnSeats === 1 ? 'seat' : 'seats'}: ${payment.subscription.seatLimit} seats in all.`,
        )(payment)
      }
    >
      <p className="muted">
        {sub.plan.seatsIncluded} seats come with the {sub.plan.name} plan; you use {sub.seatsUsed} of {sub.seatLimit}. An extra seat is{' '}
        {formatMoney(sub.plan.seatPrice, sub.plan.currency)} a month + VAT. Added seats are charged now for the rest of the paid time;
        removed ones go when it ends.
      </p>
      <Field
        name="addOnSeats"
        label="Add-on seats in all"
        type="number"
        inputMode="numeric"
        min={0}
        max={500}
        value={text}
        onChange={(e) => setText(e.target.value)}
        errors={invalid ? ['Enter a whole number from 0 to 500.'] : undefined}
        hint={`You have ${sub.addOnSeats} now.`}
        autoFocus
      />
    </QuoteForm>
  );
}

function AdvanceForm({ sub, onCancel, onDone }: FormProps) {
  const [periods, setPeriods] = useState(1);
  const word = periodWord(sub.plan);
  return (
    <QuoteForm
      request={{ periods }}
      confirmLabel={(q) => `Pay ${formatMoney(q.grossAmount, q.currency)}`}
      run={() => payInAdvance({ body: { periods } })}
      onCancel={onCancel}
      onDone={(payment) =>
        onDone(
          payment.subscription.currentPeriodEnd
            ? `Your plan is paid until ${formatDate(payment.subscription.currentPeriodEnd)}.`
            : 'Your plan is paid ahead.',
        )(payment)
      }
    >
      <p className="muted">
        Pay for the {word}s after {sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : 'the current one'} now: your plan runs that
        much longer and no invoice comes for them.
      </p>
      <SelectField
        name="periods"
        label={`${word[0]!.toUpperCase()}${word.slice(1)}s to pay ahead`}
        value={periods}
        onChange={(e) => setPeriods(Number(e.target.value))}
      >
        {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n} {n === 1 ? word : `${word}s`}
          </option>
        ))}
      </SelectField>
    </QuoteForm>
  );
}

function CancelDialog({
  open,
  sub,
  onClose,
  onNotice,
}: {
  open: boolean;
  sub: ClientSubscriptionDto;
  onClose: () => void;
  onNotice: (notice: PlanNotice) => void;
}) {
  const call = useApiCall();
  const update = useSubscriptionUpdate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const end = sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd) : null;

  async function confirm() {
    setBusy(true);
    setError(undefined);
    const outcome = await call(cancelSubscription());
    setBusy(false);
    if (outcome.ok) {
      update(outcome.data);
      onClose();
      onNotice({ tone: 'info', text: `Done: the plan runs until ${end}, then stops. You can undo this until then.` });
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <ConfirmDialog
      open={open}
      title={`Cancel the ${sub.plan.name} plan?`}
      confirmLabel="Cancel plan"
      busyLabel="Cancelling…"
      busy={busy}
      error={error}
      danger
      onConfirm={() => void confirm()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
    >
      <p>
        Your plan runs until {end}, then your account moves to the free plan. Your leads, credit and history stay. Nothing is refunded, and
        you can undo this until {end}.
      </p>
    </ConfirmDialog>
  );
}
