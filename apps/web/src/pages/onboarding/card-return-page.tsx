import { confirmCard, getSubscription } from '@leadflow/api-client';
import { useNavigate } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { useAuth } from '../../auth/auth-context';
import { CardReturn } from '../../components/card-return';

/**
 * Where Stripe sends the browser back after the card page: save the card, then on to the dashboard,
 * or first to paying for the plan chosen on the pricing page.
 */
export function CardReturnPage() {
  const call = useApiCall();
  const { updateClient } = useAuth();
  const navigate = useNavigate();
  return (
    <CardReturn
      confirm={(sessionId) => call(confirmCard({ body: { sessionId } }))}
      onSaved={(state) => {
        updateClient({ onboardingStep: state.step, status: state.status });
        if (state.step !== 'complete') return void navigate('/onboarding', { replace: true, state: { cardSaved: true } });
        void call(getSubscription()).then((sub) => {
          const buying = sub.ok && sub.data.pendingPlan !== null && sub.data.currentPeriodEnd === null;
          void navigate(buying ? '/plan/checkout' : '/', { replace: true, state: { cardSaved: true } });
        });
      }}
      back={{ to: '/onboarding/card', label: 'Back to the card step' }}
    />
  );
}
