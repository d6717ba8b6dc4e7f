import { setAutoCharge, type BillingSummaryDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { formatDateTime, formatMoney } from '../../api/format';
import { formatRate, parsePounds, poundsInput, type BillingTerms } from '../../api/money';
import {
  Field,
  FormAlert,
  SubmitButton,
  formValue,
  noErrors,
  toFormErrors,
  useFocusFirstError,
  type FormErrors,
} from '../../components/form';
import { Notice } from '../../components/states';

const LABELS = { threshold: 'When the balance falls below (£)', amount: 'Buy this much credit (£)', enabled: 'Auto-charge' };
const MAX_PENCE = 10_000_000;

/** Top up by itself: when a charge leaves the balance under the threshold, buy `amount` on the default card. */
export function AutoChargeForm({
  summary,
  terms,
  hasCard,
  onSaved,
}: {
  summary: BillingSummaryDto;
  terms: BillingTerms;
  hasCard: boolean;
  onSaved: (next: BillingSummaryDto) => void;
}) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const auto = summary.autoCharge;
  const [enabled, setEnabled] = useState(auto.enabled);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState<string | null>(null);
  const [thresholdText, setThresholdText] = useState(poundsInput(auto.threshold));
  useFocusFirstError(formRef, errors);
  const money = (n: number) => formatMoney(n, summary.currency);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const form = new FormData(event.currentTarget);
    const threshold = parsePounds(formValue(form, 'threshold'));
    const amount = parsePounds(formValue(form, 'amount'));
    const fields: Record<string, string[]> = {};
    if (threshold === null || threshold > MAX_PENCE) fields.threshold = ['Enter an amount in pounds, like 20 or 20.00.'];
    if (amount === null || amount > MAX_PENCE) fields.amount = ['Enter an amount in pounds, like 100 or 100.00.'];
    else if (amount < terms.topUpLimits.min || amount > terms.topUpLimits.max)
      fields.amount = [`Enter an amount between ${money(terms.topUpLimits.min)} and ${money(terms.topUpLimits.max)}.`];
    if (threshold === null || amount === null || Object.keys(fields).length > 0) return setErrors({ fields });
    setErrors(noErrors);
    setBusy(true);
    const outcome = await call(setAutoCharge({ body: { enabled, threshold, amount } }));
    setBusy(false);
    if (outcome.ok) {
      onSaved(outcome.data);
      setEnabled(outcome.data.autoCharge.enabled);
      const a = outcome.data.autoCharge;
      setSaved(
        a.enabled
          ? `Auto-charge is on: when your balance falls below ${money(a.threshold)} we buy ${money(a.amount)} of credit on your default card.`
          : 'Auto-charge is off.',
      );
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, LABELS));
    }
  }

  return (
    <section className="card" aria-labelledby="auto-charge-title">
      <h2 id="auto-charge-title">Auto-charge</h2>
      <p className="muted">Never run out of credit: we top up automatically on your default card when your balance runs low.</p>
      {auto.disabledReason && !auto.enabled ? (
        <Notice tone="error">
          <strong>Auto-charge was turned off:</strong> {auto.disabledReason}
        </Notice>
      ) : null}
      {auto.consecutiveFailures > 0 ? (
        <Notice tone="error">
          {auto.consecutiveFailures === 1 ? 'The last auto-charge failed.' : `The last ${auto.consecutiveFailures} auto-charges failed.`}
          {auto.retryAfter ? ` We'll try again after ${formatDateTime(auto.retryAfter)}.` : ''} Check your default card below.
        </Notice>
      ) : null}
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(null)}>
          {saved}
        </Notice>
      ) : null}
      <LeadPriceNote threshold={parsePounds(thresholdText)} leadPrice={summary.leadPrice} enabled={enabled} money={money} />
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <label className="check toggle">
          <input
            type="checkbox"
            name="enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            disabled={!hasCard && !enabled}
          />
          <span>Top up automatically</span>
        </label>
        {!hasCard ? <p className="field-hint form-note">Add a card to turn auto-charge on.</p> : null}
        <div className="field-row">
          <Field
            name="threshold"
            label={LABELS.threshold}
            inputMode="decimal"
            autoComplete="off"
            value={thresholdText}
            onChange={(e) => setThresholdText(e.target.value)}
            errors={errors.fields.threshold}
          />
          <Field
            name="amount"
            label={LABELS.amount}
            inputMode="decimal"
            autoComplete="off"
            defaultValue={poundsInput(auto.amount)}
            errors={errors.fields.amount}
            hint={
              terms.vat.mode === 'added' && terms.vat.rateBps > 0
                ? `The card pays this plus VAT at ${formatRate(terms.vat.rateBps)}.`
                : undefined
            }
          />
        </div>
        <div className="form-actions">
          <SubmitButton busy={busy} busyLabel="Saving…">
            Save auto-charge
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

/**
 * A threshold under the price of one lead would let leads be refused before any top-up: say so, and
 * what auto-charge does about it (it also tops up when the balance could not pay for the next lead).
 */
function LeadPriceNote({
  threshold,
  leadPrice,
  enabled,
  money,
}: {
  threshold: number | null;
  leadPrice: number | null;
  enabled: boolean;
  money: (n: number) => string;
}) {
  if (!enabled || leadPrice === null || threshold === null || threshold >= leadPrice) return null;
  return (
    <Notice tone="info">
      A lead costs you {money(leadPrice)}, more than the {money(threshold)} you set. So that no lead is refused for credit, auto-charge also
      tops up whenever your balance could not pay for the next lead. Set the threshold to at least {money(leadPrice)} to top up before that
      point.
    </Notice>
  );
}
