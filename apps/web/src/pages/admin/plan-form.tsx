import { createPlan, updatePlan, type PlanDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
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

const LABELS = {
  name: 'Name',
  monthlyPrice: 'Monthly price',
  seatsIncluded: 'Seats included',
  seatPrice: 'Price per extra seat',
  billingPeriod: 'Billed',
  isPublic: 'On the pricing page',
};

/** "49" or "49.50" (pounds) → pence; NaN when it is not an amount. */
function toPence(text: string): number {
  const t = text.replace(/[£,\s]/g, '');
  return /^\d+(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : Number.NaN;
}

interface Props {
  plan: PlanDto | null;
  onSaved: (plan: PlanDto) => void;
  onCancel: () => void;
}

/** Create or edit a plan. Prices are net, per month; VAT goes on top as for top-ups. */
export function PlanForm({ plan, onSaved, onCancel }: Props) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(plan?.name ?? '');
  const [price, setPrice] = useState(plan ? (plan.monthlyPrice / 100).toFixed(2) : '');
  const [seats, setSeats] = useState(plan ? String(plan.seatsIncluded) : '1');
  const [seatPrice, setSeatPrice] = useState(plan ? (plan.seatPrice / 100).toFixed(2) : '0.00');
  const [period, setPeriod] = useState<PlanDto['billingPeriod']>(plan?.billingPeriod ?? 'monthly');
  const [isPublic, setIsPublic] = useState(plan?.isPublic ?? true);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const monthlyPrice = toPence(price);
    const seatPence = toPence(seatPrice);
    const seatsIncluded = Number(seats);
    const fields: Record<string, string[]> = {};
    if (Number.isNaN(monthlyPrice)) fields.monthlyPrice = ['Monthly price must be an amount such as 49 or 49.50'];
    if (Number.isNaN(seatPence)) fields.seatPrice = ['Price per extra seat must be an amount such as 10 or 0'];
    if (!/^\d+$/.test(seats) || seatsIncluded < 1) fields.seatsIncluded = ['Seats included must be a whole number, at least 1'];
    if (Object.keys(fields).length) return setErrors({ fields });
    const body = { name: name.trim(), monthlyPrice, seatsIncluded, seatPrice: seatPence, billingPeriod: period, isPublic };
    setBusy(true);
    const outcome = plan ? await call(updatePlan({ path: { id: plan.id }, body })) : await call(createPlan({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  const title = plan ? `Edit ${plan.name}` : 'New plan';
  return (
    <section className="card form-card" aria-labelledby="plan-form-title">
      <h2 id="plan-form-title">{title}</h2>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="name"
          label={LABELS.name}
          required
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={errors.fields.name}
        />
        <div className="field-row">
          <Field
            name="monthlyPrice"
            label={`${LABELS.monthlyPrice} (GBP)`}
            inputMode="decimal"
            required
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            hint="Per month, before VAT, e.g. 49.00; 0 for a free plan"
            errors={errors.fields.monthlyPrice}
          />
          <SelectField
            label={LABELS.billingPeriod}
            value={period}
            onChange={(e) => setPeriod(e.target.value as PlanDto['billingPeriod'])}
            errors={errors.fields.billingPeriod}
          >
            <option value="monthly">Monthly</option>
            <option value="yearly">Yearly (12 months at once)</option>
          </SelectField>
        </div>
        <div className="field-row">
          <Field
            name="seatsIncluded"
            label={LABELS.seatsIncluded}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            required
            value={seats}
            onChange={(e) => setSeats(e.target.value)}
            errors={errors.fields.seatsIncluded}
          />
          <Field
            name="seatPrice"
            label={`${LABELS.seatPrice} (GBP)`}
            inputMode="decimal"
            required
            value={seatPrice}
            onChange={(e) => setSeatPrice(e.target.value)}
            hint="Per seat per month, before VAT"
            errors={errors.fields.seatPrice}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />
          <span>{LABELS.isPublic} (a private plan is only given by an admin)</span>
        </label>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <SubmitButton busy={busy} busyLabel="Saving…">
            {plan ? 'Save plan' : 'Create plan'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
