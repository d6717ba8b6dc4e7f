import { confirmPaymentMethod, type MeDto, type PaymentMethodsDto } from '@leadflow/api-client';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Outcome } from '../../api/api-result';
import { useApiCall } from '../../api/connection';
import { AppShell } from '../../components/app-shell';
import { FormAlert } from '../../components/form';
import { InlineLoading } from '../../components/states';
import type { BillingNotice } from './billing-page';

// StrictMode runs effects twice in development; one return from Stripe is one confirmation.
const confirming = new Map<string, Promise<Outcome<PaymentMethodsDto>>>();

/** `/billing/cards/return?session_id=…`: Stripe's card page sends the browser here; save the card, then back to Billing. */
export function BillingCardReturnPage({ me }: { me: MeDto }) {
  const call = useApiCall();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const sessionId = params.get('session_id') ?? '';
  const [error, setError] = useState<{ message: string; status: number } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!sessionId) return;
    let active = true;
    const key = `${sessionId}#${attempt}`;
    let pending = confirming.get(key);
    if (!pending) {
      pending = call(confirmPaymentMethod({ body: { sessionId } }));
      confirming.set(key, pending);
    }
    void pending.then((outcome) => {
      if (!active) return;
      if (outcome.ok) {
        const notice: BillingNotice = { cardAdded: true };
        navigate('/billing', { replace: true, state: notice });
      } else if (outcome.failure.kind === 'api') {
        setError({ message: outcome.failure.message, status: outcome.failure.status });
      }
    });
    return () => {
      active = false;
    };
  }, [sessionId, attempt, call, navigate]);

  return (
    <AppShell me={me} title="Saving your card">
      <section className="card narrow-card" aria-labelledby="card-return-title">
        <h1 id="card-return-title">Saving your card</h1>
        {!sessionId ? (
          <>
            <FormAlert>This page needs the session id Stripe adds when it sends you back. Please add your card again.</FormAlert>
            <Link className="button button-primary" to="/billing">
              Back to billing
            </Link>
          </>
        ) : error ? (
          <>
            <FormAlert>{error.message}</FormAlert>
            <div className="form-actions">
              <Link className="button" to="/billing">
                Back to billing
              </Link>
              {error.status === 409 ? (
                <button type="button" className="button button-primary" onClick={() => setAttempt((n) => n + 1)}>
                  Check again
                </button>
              ) : null}
            </div>
          </>
        ) : (
          <InlineLoading label="Confirming your card with Stripe…" />
        )}
      </section>
    </AppShell>
  );
}
