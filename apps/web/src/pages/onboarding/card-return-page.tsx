import { confirmCard } from '@leadflow/api-client';
import { useNavigate } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { useAuth } from '../../auth/auth-context';
import { CardReturn } from '../../components/card-return';

/** Where Stripe sends the browser back after the card page: save the card, then on to the dashboard. */
export function CardReturnPage() {
  const call = useApiCall();
  const { updateClient } = useAuth();
  const navigate = useNavigate();
  return (
    <CardReturn
      confirm={(sessionId) => call(confirmCard({ body: { sessionId } }))}
      onSaved={(state) => {
        updateClient({ onboardingStep: state.step, status: state.status });
        void navigate(state.step === 'complete' ? '/' : '/onboarding', { replace: true, state: { cardSaved: true } });
      }}
      back={{ to: '/onboarding/card', label: 'Back to the card step' }}
    />
  );
}
