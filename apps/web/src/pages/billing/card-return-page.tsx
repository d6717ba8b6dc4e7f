import { confirmPaymentMethod } from '@leadflow/api-client';
import { useNavigate } from 'react-router-dom';
import { useApiCall } from '../../api/connection';
import { CardReturn } from '../../components/card-return';
import type { BillingNotice } from './billing-page';

/** `/billing/cards/return?session_id=…`: Stripe's card page sends the browser here; save the card, then back to Billing. */
export function BillingCardReturnPage() {
  const call = useApiCall();
  const navigate = useNavigate();
  return (
    <CardReturn
      confirm={(sessionId) => call(confirmPaymentMethod({ body: { sessionId } }))}
      onSaved={() => {
        const notice: BillingNotice = { cardAdded: true };
        void navigate('/billing', { replace: true, state: notice });
      }}
      back={{ to: '/billing', label: 'Back to billing' }}
    />
  );
}
