import { checkoutPlan, choosePendingPlan, getSubscriptionOptions, type ClientSubscriptionDto, type PlanDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { formatMoney } from '../../api/format';
import { billingPeriodText, planSeatsText } from '../../api/plans';
import { useQuote, useSubscriptionCharge, useSubscriptionUpdate } from '../../api/subscription';
import { isOwner } from '../../api/team';
import { useMe } from '../../auth/auth-context';
import { FormAlert } from '../../components/form';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';
import { InlineLoading, LoadFailed } from '../../components/states';
import { failureMessage } from '../../api/query';
import type { DashboardNotice } from '../dashboard/dashboard-page';

/**
 * `/plan/checkout`: the paid plan chosen on the pricing page, bought with the card saved at sign-up.
 * The price comes from the API's quote (with VAT); "Pay and start" charges the first period now.
 * 3-D Secure goes to Stripe's page and comes back to /plan?payment=…; a decline says why and offers
 * another try or staying on the free plan.
 */
export function PlanCheckoutPage() {
  const subscription = useQuery(getSubscriptionOptions());
  return (
    <Page title="Start your plan">
      <QueryView query={subscription} loading="Loading your plan…" failed="We couldn't load your plan.">
        {(sub) => <Checkout sub={sub} />}
      </QueryView>
    </Page>
  );
}

function Checkout({ sub }: { sub: ClientSubscriptionDto }) {
  const onFree = sub.currentPeriodEnd === null || sub.status === 'canceled';
  const plan = onFree ? sub.pendingPlan : null;
  if (!plan)
    return (
      <section className="card narrow-card" aria-labelledby="checkout-title">
        <h1 id="checkout-title">{onFree ? 'No plan to buy' : `You're on the ${sub.plan.name} plan`}</h1>
        <p>
          {onFree
            ? 'You have not chosen a paid plan. Pick one on your Plan page whenever you like; the free plan needs nothing.'
            : 'Your plan is paid for. Change it, or add seats, on your Plan page.'}
        </p>
        <div className="form-actions">
          <Link className="button" to="/">
            Go to the dashboard
          </Link>
          <Link className="button button-primary" to="/plan">
            Go to your Plan page
          </Link>
        </div>
      </section>
    );
  return <PayForPlan plan={plan} />;
}

function PayForPlan({ plan }: { plan: PlanDto }) {
  const me = useMe();
  const owner = isOwner(me);
  const call = useApiCall();
  const charge = useSubscriptionCharge();
  const update = useSubscriptionUpdate();
  const navigate = useNavigate();
  const quote = useQuote({ planId: plan.id });
  const [busy, setBusy] = useState<'pay' | 'free' | 'redirecting' | null>(null);
  const [declined, setDeclined] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function pay() {
    setBusy('pay');
    setError(null);
    setDeclined(null);
    const outcome = await charge(checkoutPlan({ body: { planId: plan.id } }));
    if (outcome.ok === 'redirecting') return setBusy('redirecting');
    setBusy(null);
    if (!outcome.ok) {
      if (outcome.failure.kind === 'api') setError(outcome.failure.message);
      return;
    }
    const payment = outcome.data;
    if (payment.status === 'succeeded' || payment.status === 'nothing_to_pay') {
      const notice: DashboardNotice = { planStarted: plan.name };
      void navigate('/', { replace: true, state: notice });
    } else if (payment.status === 'pending' && payment.paymentId) {
      // Stripe answers later (by webhook): the Plan page watches the payment.
      void navigate(`/plan?payment=${payment.paymentId}`, { replace: true });
    } else {
      setDeclined(payment.failureReason ?? 'The payment failed.');
    }
  }

  async function stayFree() {
    setBusy('free');
    setError(null);
    const outcome = await call(choosePendingPlan({ body: { planId: null } }));
    setBusy(null);
    if (outcome.ok) {
      update(outcome.data);
      void navigate('/', { replace: true });
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  const q = quote.data;
  const total = q ? formatMoney(q.grossAmount, q.currency) : null;
  return (
    <section className="card narrow-card" aria-labelledby="checkout-title">
      <p className="eyebrow">Your plan</p>
      <h1 id="checkout-title">Start the {plan.name} plan</h1>
      <dl className="summary">
        <div>
          <dt>Seats</dt>
          <dd>{planSeatsText(plan)}</dd>
        </div>
        <div>
          <dt>Billing</dt>
          <dd>{billingPeriodText(plan)}</dd>
        </div>
        {q ? (
          <>
            <div>
              <dt>Price</dt>
              <dd>
                {formatMoney(q.netAmount, q.currency)} + VAT {formatMoney(q.vatAmount, q.currency)}
              </dd>
            </div>
            <div>
              <dt>To pay now</dt>
              <dd>
                <strong id="checkout-total">{total}</strong>
              </dd>
            </div>
          </>
        ) : null}
      </dl>
      {quote.isError && !q ? (
        <LoadFailed title="We couldn't work out the price." message={failureMessage(quote.error)} onRetry={() => void quote.refetch()} />
      ) : !q ? (
        <InlineLoading label="Working out the price…" />
      ) : null}
      {q?.problem ? <FormAlert>{q.problem}</FormAlert> : null}
      {error ? (
        <FormAlert>
          {error}
          {/card/i.test(error) ? (
            <>
              {' '}
              <Link to="/billing">Add a card on the Billing page</Link>.
            </>
          ) : null}
        </FormAlert>
      ) : null}
      {declined ? (
        <FormAlert>
          <strong>The payment didn't go through:</strong> {declined} You are still on the free plan and nothing was charged. Try again, or
          stay on the free plan and choose a plan later.
        </FormAlert>
      ) : null}
      {busy === 'redirecting' ? (
        <p className="status-line" role="status">
          <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
          Your bank wants to check it's you. Opening Stripe…
        </p>
      ) : null}
      {owner ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => void stayFree()} disabled={busy !== null}>
            {busy === 'free' ? 'Saving…' : 'Stay on the free plan'}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void pay()}
            disabled={busy !== null || !q || q.problem !== null}
            aria-disabled={busy !== null || !q || q.problem !== null}
          >
            {busy === 'pay' || busy === 'redirecting' ? (
              <>
                <span className="spinner spinner-small" aria-hidden="true" />
                Paying…
              </>
            ) : declined ? (
              `Try again: pay ${total ?? ''}`
            ) : (
              `Pay ${total ?? ''} and start`
            )}
          </button>
        </div>
      ) : (
        <p>Only the account's owners can buy a plan: ask one of them to open this page.</p>
      )}
    </section>
  );
}
