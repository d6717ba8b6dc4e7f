import { createTopUp, listPaymentMethodsOptions, type PaymentDto } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { cardExpiry, cardLabel, formatMoney } from '../../api/format';
import { useIdempotencyKey } from '../../api/idempotency';
import { formatRate, parsePounds, splitVat, type BillingTerms } from '../../api/money';
import {
  Field,
  FormAlert,
  SelectField,
  SubmitButton,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { Modal } from '../../components/modal';

interface Props {
  open: boolean;
  terms: BillingTerms;
  currency: string;
  onClose: () => void;
  /** A top-up Stripe settled or is still confirming (the page shows and watches it). */
  onPayment: (payment: PaymentDto) => void;
}

/** "Credit £50.00 + VAT £10.00 = £60.00 charged" — the API's own arithmetic. */
export function vatPreview(amount: number, terms: BillingTerms, currency: string): string {
  const split = splitVat(amount, terms.vat.rateBps, terms.vat.mode);
  const money = (n: number) => formatMoney(n, currency);
  if (terms.vat.mode === 'added')
    return `Credit ${money(split.netAmount)} + VAT ${money(split.vatAmount)} = ${money(split.grossAmount)} charged`;
  return `${money(split.grossAmount)} charged − VAT ${money(split.vatAmount)} = ${money(split.netAmount)} credit`;
}

/**
 * Buy credit with a saved card: the default unless the client picks another. Stripe may want 3-D Secure (we go to its page and come back
 * to /billing?payment=…), may decline (Stripe's reason shows here), or may confirm later.
 */
export function TopUpDialog({ open, terms, currency, onClose, onPayment }: Props) {
  const call = useApiCall();
  const idempotency = useIdempotencyKey();
  const formRef = useRef<HTMLFormElement>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [redirecting, setRedirecting] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [declined, setDeclined] = useState<PaymentDto | null>(null);
  const cards = useQuery(listPaymentMethodsOptions()).data?.items ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const card = cards.find((c) => c.id === picked) ?? cards.find((c) => c.isDefault) ?? cards[0];
  useFocusFirstError(formRef, errors);

  const { min, max } = terms.topUpLimits;
  const amount = parsePounds(text);
  const inRange = amount !== null && amount >= min && amount <= max;
  const label = terms.vat.mode === 'added' ? 'Credit to buy (£)' : 'Amount to pay (£)';

  function close() {
    if (busy || redirecting) return;
    setText('');
    setErrors(noErrors);
    setDeclined(null);
    onClose();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDeclined(null);
    if (amount === null) return setErrors({ fields: { amount: ['Enter an amount in pounds, like 50 or 50.00.'] } });
    if (!inRange)
      return setErrors({
        fields: { amount: [`Enter an amount between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}.`] },
      });
    setErrors(noErrors);
    setBusy(true);
    const body = { amount, ...(card ? { cardId: card.id } : {}) };
    const outcome = await call(createTopUp({ body, headers: { 'Idempotency-Key': idempotency.keyFor(`${amount}|${body.cardId ?? ''}`) } }));
    idempotency.settle(outcome);
    if (outcome.ok && outcome.data.status === 'requires_action' && outcome.data.nextActionUrl) {
      // Stripe's 3-D Secure page; it sends the browser back to /billing?payment=<id>.
      setRedirecting(true);
      window.location.assign(outcome.data.nextActionUrl);
      return;
    }
    setBusy(false);
    if (outcome.ok) {
      if (outcome.data.status === 'failed') {
        setDeclined(outcome.data);
        onPayment(outcome.data);
        return;
      }
      setText('');
      onPayment(outcome.data);
      onClose();
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, { amount: 'Amount', cardId: 'Card' }));
    }
  }

  return (
    <Modal open={open} title="Top up your credit" busy={busy || redirecting} onClose={close}>
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        <p className="muted">
          {card ? (
            <>
              We charge <strong>{cardLabel(card)}</strong>
              {card.isDefault ? ', your default card' : ''}.{' '}
            </>
          ) : null}
          {terms.vat.rateBps > 0
            ? `VAT at ${formatRate(terms.vat.rateBps)} is ${terms.vat.mode === 'added' ? 'added on top' : 'included'}.`
            : null}
        </p>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        {declined ? (
          <FormAlert>
            <strong>The payment was declined:</strong> {declined.failureReason ?? 'the card was declined.'} Your balance hasn't changed. Try
            another card, or try again.
          </FormAlert>
        ) : null}
        <Field
          name="amount"
          label={label}
          inputMode="decimal"
          autoComplete="off"
          placeholder="50.00"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            // A new amount is a new question: the last answer no longer applies to it.
            if (errors !== noErrors) setErrors(noErrors);
            setDeclined(null);
          }}
          errors={errors.fields.amount}
          hint={`Between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}.`}
          required
          autoFocus
        />
        {cards.length > 1 ? (
          <SelectField
            name="cardId"
            label="Card"
            value={card?.id ?? ''}
            onChange={(e) => {
              setPicked(e.target.value);
              setDeclined(null);
            }}
            errors={errors.fields.cardId}
          >
            {cards.map((c) => (
              <option key={c.id} value={c.id}>
                {`${cardLabel(c)}, expires ${cardExpiry(c)}${c.isDefault ? ' (default)' : ''}`}
              </option>
            ))}
          </SelectField>
        ) : null}
        <p className="vat-preview" aria-live="polite" aria-atomic="true">
          {inRange ? vatPreview(amount, terms, currency) : '\u00a0'}
        </p>
        {redirecting ? (
          <p className="status-line" role="status">
            <span className="spinner spinner-small spinner-dark" aria-hidden="true" />
            Your bank wants to check it's you. Opening Stripe…
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close} disabled={busy || redirecting}>
            {declined ? 'Close' : 'Cancel'}
          </button>
          <SubmitButton busy={busy || redirecting} busyLabel="Paying…">
            {inRange ? `Pay ${formatMoney(splitVat(amount, terms.vat.rateBps, terms.vat.mode).grossAmount, currency)}` : 'Pay'}
          </SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
