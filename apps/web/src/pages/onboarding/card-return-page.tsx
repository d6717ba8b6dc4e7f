import { confirmCard, type MeDto, type OnboardingStateDto } from '@leadflow/api-client';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Outcome } from '../../api/api-result';
import { useApiCall } from '../../api/connection';
import { useAuth } from '../../auth/auth-context';
import { AppShell } from '../../components/app-shell';
import { FormAlert } from '../../components/form';
import { InlineLoading } from '../../components/states';

// StrictMode runs effects twice in development; one return from Stripe is one confirmation.
const confirming = new Map<string, Promise<Outcome<OnboardingStateDto>>>();

/** Where Stripe sends the browser back after the card page: save the card, then on to the dashboard. */
export function CardReturnPage({ me }: { me: MeDto }) {
  const call = useApiCall();
  const { updateClient } = useAuth();
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
      pending = call(confirmCard({ body: { sessionId } }));
      confirming.set(key, pending);
    }
    void pending.then((outcome) => {
      if (!active) return;
      if (outcome.ok) {
        updateClient({ onboardingStep: outcome.data.step, status: outcome.data.status });
        navigate(outcome.data.step === 'complete' ? '/' : '/onboarding', { replace: true, state: { cardSaved: true } });
      } else if (outcome.failure.kind === 'api') {
        setError({ message: outcome.failure.message, status: outcome.failure.status });
      }
    });
    return () => {
      active = false;
    };
  }, [sessionId, attempt, call, updateClient, navigate]);

  return (
    <AppShell me={me} title="Saving your card">
      <section className="card narrow-card" aria-labelledby="card-return-title">
        <h1 id="card-return-title">Saving your card</h1>
        {!sessionId ? (
          <>
            <FormAlert>This page needs the session id Stripe adds when it sends you back. Please add your card again.</FormAlert>
            <Link className="button button-primary" to="/onboarding/card">
              Back to the card step
            </Link>
          </>
        ) : error ? (
          <>
            <FormAlert>{error.message}</FormAlert>
            <div className="form-actions">
              <Link className="button" to="/onboarding/card">
                Back to the card step
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
