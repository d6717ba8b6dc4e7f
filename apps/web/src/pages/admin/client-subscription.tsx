import { getClientSubscriptionOptions } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';
import { SubscriptionSummary } from '../plans/subscription-summary';

/** An admin's view of a client's plan and seats (the seat limit is set under Team). */
export function ClientSubscription({ clientId }: { clientId: string }) {
  const subscription = useQuery(getClientSubscriptionOptions({ path: { id: clientId } }));
  return (
    <section className="section" aria-labelledby="client-subscription-title">
      <h2 id="client-subscription-title">Plan</h2>
      <QueryView query={subscription} loading="Loading the plan…" failed="We couldn't load the client's plan.">
        {(sub) => <SubscriptionSummary subscription={sub} />}
      </QueryView>
    </section>
  );
}
