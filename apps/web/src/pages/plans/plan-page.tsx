import { getSubscriptionOptions } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { InvoicesSection } from './invoices-section';
import { SubscriptionSummary } from './subscription-summary';
import { Page } from '../../components/page';
import { QueryView } from '../../components/query-view';

/** The account's plan: seats used of the total, how long it runs, its status; and its invoices. */
export function PlanPage() {
  const subscription = useQuery(getSubscriptionOptions());
  return (
    <Page title="Plan">
      <div className="page-head">
        <h1>Plan</h1>
      </div>
      <QueryView query={subscription} loading="Loading your plan…" failed="We couldn't load your plan.">
        {(sub) => (
          <section className="card" aria-labelledby="plan-title">
            <h2 id="plan-title">{sub.plan.name}</h2>
            <SubscriptionSummary subscription={sub} />
            <p className="muted">
              Need more seats? Ask us for now; buying them here comes soon. <Link to="/pricing">See the plans</Link>.
            </p>
          </section>
        )}
      </QueryView>
      <InvoicesSection />
    </Page>
  );
}
