import { createCardSetupSession, type IntegrationStateDto } from '@leadflow/api-client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApiCall } from '../../api/connection';
import { FormAlert } from '../../components/form';
import { Notice } from '../../components/states';

const RETRY_MS = 2_000;
const MAX_WAIT_MS = 60_000;

/**
 * Step 4 (billable): the card is entered on Stripe's own page. Until Stripe knows the business
 * (its registration is pending) the API answers 409; we keep asking for a while, then say so.
 */
export function CardStep({
  stripe,
  canceled,
  planName,
  secondary,
}: {
  stripe: IntegrationStateDto | undefined;
  canceled: boolean;
  /** The paid plan chosen on the pricing page, paid for with this card next. */
  planName?: string;
  secondary?: ReactNode;
}) {
  const call = useApiCall();
  const [phase, setPhase] = useState<'idle' | 'waiting-for-stripe' | 'opening' | 'redirecting'>('idle');
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  async function openStripe() {
    setError(null);
    setPhase('opening');
    const deadline = Date.now() + MAX_WAIT_MS;
    for (;;) {
      const outcome = await call(createCardSetupSession());
      if (!mounted.current) return;
      if (outcome.ok) {
        setPhase('redirecting');
        window.location.assign(outcome.data.url);
        return;
      }
      if (outcome.failure.kind !== 'api') return setPhase('idle');
      // 409 is "still setting up your payment account" (or a step out of order, which won't change by waiting).
      const stillSettingUp = outcome.failure.status === 409 && /stripe|payment account/i.test(outcome.failure.message);
      if (!stillSettingUp || Date.now() > deadline) {
        setPhase('idle');
        setError(outcome.failure.message);
        return;
      }
      setPhase('waiting-for-stripe');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      if (!mounted.current) return;
    }
  }

  const busy = phase !== 'idle';
  const stripeFailed = stripe?.status === 'failed';
  const stripeSettingUp = stripe && stripe.status !== 'done' && !stripeFailed;

  return (
    <div className="card-step">
      {canceled ? (
        <Notice tone="info">You left Stripe's page without saving a card. Your answers are kept — add a card whenever you're ready.</Notice>
      ) : null}
      <p>
        Leads are paid for from your LeadFlow credit, which you top up with a card. Stripe keeps the card details; LeadFlow never sees the
        full number.
      </p>
      {planName ? (
        <p>
          After saving the card you pay for the <strong>{planName}</strong> plan you chose; you will see the price with VAT first.
        </p>
      ) : null}
      {stripeFailed ? (
        <FormAlert>
          We couldn't set up your payment account with Stripe{stripe.lastError ? `: ${stripe.lastError}` : ''}. Our team has been told and
          will retry it; you can try again below.
        </FormAlert>
      ) : stripeSettingUp || phase === 'waiting-for-stripe' ? (
        <p className="status-line" role="status">
          <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
          Setting up your payment account…
        </p>
      ) : null}
      {error ? <FormAlert>{error}</FormAlert> : null}
      <div className="form-actions">
        {secondary}
        <button type="button" className="button button-primary" onClick={() => void openStripe()} disabled={busy} aria-disabled={busy}>
          {busy ? (
            <>
              <span className="spinner spinner-small" aria-hidden="true" />
              {phase === 'redirecting' ? 'Opening Stripe…' : phase === 'waiting-for-stripe' ? 'Waiting for Stripe…' : 'Opening Stripe…'}
            </>
          ) : (
            'Add card with Stripe'
          )}
        </button>
      </div>
    </div>
  );
}
