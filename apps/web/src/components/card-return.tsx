import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Outcome } from '../api/api-result';
import { Page } from './page';
import { FormAlert } from './form';
import { InlineLoading } from './states';

// StrictMode runs effects twice in development; one return from Stripe is one confirmation.
const confirming = new Map<string, Promise<Outcome<unknown>>>();

export interface CardReturnProps<T> {
  /** Saves the card Stripe's page collected under this Checkout session. */
  confirm: (sessionId: string) => Promise<Outcome<T>>;
  /** Once it is saved: where to go next. */
  onSaved: (data: T) => void;
  /** Where the user goes to start again. */
  back: { to: string; label: string };
}

/**
 * Where Stripe's card page sends the browser back (`?session_id=…`): confirms the card once, then
 * `onSaved`; a missing session or a refusal is said, with the way back (and, on a 409 — Stripe
 * has not finished — a "Check again").
 */
export function CardReturn<T>({ confirm, onSaved, back }: CardReturnProps<T>) {
  const [params] = useSearchParams();
  const sessionId = params.get('session_id') ?? '';
  const [error, setError] = useState<{ message: string; status: number } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef({ confirm, onSaved });
  useEffect(() => {
    latest.current = { confirm, onSaved };
  });

  useEffect(() => {
    if (!sessionId) return;
    let active = true;
    const key = `${back.to}|${sessionId}#${attempt}`;
    let pending = confirming.get(key) as Promise<Outcome<T>> | undefined;
    if (!pending) {
      pending = latest.current.confirm(sessionId);
      confirming.set(key, pending);
    }
    void pending.then((outcome) => {
      if (!active) return;
      if (outcome.ok) latest.current.onSaved(outcome.data);
      else if (outcome.failure.kind === 'api') setError({ message: outcome.failure.message, status: outcome.failure.status });
    });
    return () => {
      active = false;
    };
  }, [sessionId, attempt, back.to]);

  return (
    <Page title="Saving your card">
      <section className="card narrow-card" aria-labelledby="card-return-title">
        <h1 id="card-return-title">Saving your card</h1>
        {!sessionId ? (
          <>
            <FormAlert>This page needs the session id Stripe adds when it sends you back. Please add your card again.</FormAlert>
            <Link className="button button-primary" to={back.to}>
              {back.label}
            </Link>
          </>
        ) : error ? (
          <>
            <FormAlert>{error.message}</FormAlert>
            <div className="form-actions">
              <Link className="button" to={back.to}>
                {back.label}
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
    </Page>
  );
}
