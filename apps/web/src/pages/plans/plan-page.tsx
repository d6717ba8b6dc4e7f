import { getSubscriptionOptions, getSubscriptionQueryKey, listSubscriptionInvoicesQueryKey } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isOwner } from '../../api/team';
import { useRefresh } from '../../api/use-refresh';
import { useMe } from '../../auth/auth-context';
import { OwnersOnlyNote } from '../../components/owners-only-note';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';
import { Notice } from '../../components/states';
import { InvoicesSection } from './invoices-section';
import { PlanActions, type PlanNotice } from './plan-actions';
import { PaymentReturn, StatusBanner } from './status-banner';
import { SubscriptionSummary } from './subscription-summary';

/**
 * The account's plan: what needs paying or is about to change, seats used of the total and how long
 * it runs; the owner's changes (plan, seats, paying ahead, cancelling); and the invoices.
 * Stripe's 3-D Secure page comes back here with `?payment=…`; the pricing page sends `?change=<plan>`.
 */
export function PlanPage() {
  const me = useMe();
  const owner = isOwner(me);
  const [params, setParams] = useSearchParams();
  const subscription = useQuery(getSubscriptionOptions());
  const [notice, setNotice] = useState<PlanNotice | null>(null);
  const refresh = useRefresh();
  const paymentId = params.get('payment');
  const change = params.get('change');

  const settled = useCallback(() => void refresh(getSubscriptionQueryKey, listSubscriptionInvoicesQueryKey), [refresh]);
  const watch = useCallback(
    (id: string) => {
      setNotice(null);
      setParams({ payment: id }, { replace: true });
    },
    [setParams],
  );

  return (
    <Page title="Plan">
      <div className="page-head">
        <h1>Plan</h1>
      </div>
      {owner ? null : (
        <OwnersOnlyNote>
          Only the account's owners can change the plan or seats, pay ahead, cancel, or pay an invoice. You can see the plan and its
          invoices.
        </OwnersOnlyNote>
      )}
      {paymentId ? (
        <PaymentReturn key={paymentId} paymentId={paymentId} onSettled={settled} onDismiss={() => setParams({}, { replace: true })} />
      ) : null}
      {notice ? (
        <Notice tone={notice.tone} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Notice>
      ) : null}
      <QueryView query={subscription} loading="Loading your plan…" failed="We couldn't load your plan.">
        {(sub) => (
          <>
            <StatusBanner sub={sub} owner={owner} onNotice={setNotice} onPending={watch} />
            <section className="card" aria-labelledby="plan-title">
              <h2 id="plan-title">{sub.plan.name}</h2>
              <SubscriptionSummary subscription={sub} />
              {sub.pendingPlan && (sub.currentPeriodEnd === null || sub.status === 'canceled') ? (
                <p>
                  You chose the {sub.pendingPlan.name} plan. <Link to="/plan/checkout">Pay for it and start</Link>
                </p>
              ) : null}
              <p className="muted">
                <Link to="/pricing">See all the plans</Link>
              </p>
            </section>
            {owner ? (
              <PlanActions
                sub={sub}
                preselect={change}
                onNotice={setNotice}
                onPending={watch}
                onPreselectUsed={() => setParams({}, { replace: true })}
              />
            ) : null}
          </>
        )}
      </QueryView>
      <InvoicesSection canPay={owner} onNotice={setNotice} onPending={watch} />
    </Page>
  );
}
