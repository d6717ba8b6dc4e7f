import type { QuoteRequestDto, SubscriptionPaymentDto, SubscriptionQuoteDto } from '@leadflow/api-client';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SdkResult } from '../../api/api-result';
import { formatMoney } from '../../api/format';
import { failureMessage } from '../../api/query';
import { quoteText, useQuote, useSubscriptionCharge } from '../../api/subscription';
import { FormAlert, SubmitButton } from '../../components/form';

/** What a change costs, line by line, and when it takes effect: the API's quote. */
export function QuoteView({ quote }: { quote: SubscriptionQuoteDto }) {
  return (
    <div className="quote">
      <p className="quote-summary">
        <strong>{quoteText(quote)}</strong>
      </p>
      {quote.lines.length > 0 ? (
        <ul className="quote-lines">
          {quote.lines.map((line, i) => (
            <li key={i}>
              {line.description}: {formatMoney(line.net, quote.currency)} + VAT {formatMoney(line.vat, quote.currency)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The body of a dialog that changes the subscription: its fields, then the API's quote for what
 * they ask (or why it would be refused), then Confirm. Confirm charges the card when the quote says
 * "now" (3-D Secure leaves for Stripe's page); a refusal (409) is shown here.
 */
export function QuoteForm({
  request,
  invalid,
  children,
  confirmLabel,
  run,
  onCancel,
  onDone,
}: {
  /** What to quote; null while the fields say nothing yet. */
  request: QuoteRequestDto | null;
  /** Why the fields can't be quoted ("Enter a whole number…"), shown beside them by the caller. */
  invalid?: boolean;
  children: ReactNode;
  confirmLabel: (quote: SubscriptionQuoteDto) => string;
  run: () => Promise<SdkResult<SubscriptionPaymentDto>>;
  onCancel: () => void;
  onDone: (payment: SubscriptionPaymentDto) => void;
}) {
  const charge = useSubscriptionCharge();
  const quote = useQuote(invalid ? null : request);
  const [busy, setBusy] = useState<'paying' | 'redirecting' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const q = request && !invalid ? quote.data : undefined;
  const ready = q !== undefined && q.problem === null && !quote.isFetching;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    setBusy('paying');
    setError(null);
    const outcome = await charge(run());
    if (outcome.ok === 'redirecting') return setBusy('redirecting');
    setBusy(null);
    if (outcome.ok) {
      if (outcome.data.status === 'failed')
        setError(`The payment didn't go through: ${outcome.data.failureReason ?? 'the card was declined.'}`);
      else onDone(outcome.data);
    } else if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy !== null}>
      {children}
      <div className="quote-box" aria-live="polite" aria-atomic="true">
        {!request || invalid ? null : q ? (
          <>
            <QuoteView quote={q} />
            {q.problem ? <FormAlert>{q.problem}</FormAlert> : null}
          </>
        ) : quote.isError ? (
          <FormAlert>{failureMessage(quote.error)}</FormAlert>
        ) : (
          <p className="muted">Working out the price…</p>
        )}
      </div>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {busy === 'redirecting' ? (
        <p className="status-line" role="status">
          <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
          Your bank wants to check it's you. Opening Stripe…
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy !== null}>
          Cancel
        </button>
        {ready ? (
          <SubmitButton busy={busy !== null} busyLabel="Working…">
            {confirmLabel(q)}
          </SubmitButton>
        ) : (
          <button type="submit" className="button button-primary" disabled aria-disabled>
            Confirm
          </button>
        )}
      </div>
    </form>
  );
}
