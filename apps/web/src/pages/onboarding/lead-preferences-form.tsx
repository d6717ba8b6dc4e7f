import { submitLeadPreferences, type LeadPreferencesDto, type LeadPreferencesViewDto, type OnboardingStateDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApiCall } from '../../api/connection';
import { WEEKDAYS, type Weekday } from '../../api/format';
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
import { parsePounds, poundsInput } from '../../api/money';
import { addAreas, PostcodeAreasInput } from './postcode-areas-input';

const NOT_POUNDS = 'Enter an amount in pounds, such as 300 or 250.50, or leave it empty';

const LABELS = {
  postcodeAreas: 'Postcode areas',
  dailyCap: 'Daily cap',
  weeklyCap: 'Weekly cap (optional)',
  weeklySpendLimit: 'Weekly spending limit, £ (optional)',
  monthlySpendLimit: 'Monthly spending limit, £ (optional)',
  deliveryDays: 'Delivery days',
  deliveryStart: 'From',
  deliveryEnd: 'Until',
  timeZone: 'Time zone',
  paused: 'Pause deliveries',
};

const DEFAULT_DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** Every half hour; the saved value is added when it is off the grid. */
function timeOptions(from: number, to: number, current: string): string[] {
  const options: string[] = [];
  for (let m = from; m <= to; m += 30) options.push(hhmm(m));
  if (!options.includes(current)) options.push(current);
  return options.sort();
}

interface Props {
  initial: LeadPreferencesViewDto | null;
  onSaved: (state: OnboardingStateDto) => void;
  submitLabel: string;
  secondary?: ReactNode;
}

/** Step 3, and later edits from the dashboard: where, how many and when leads arrive. */
export function LeadPreferencesForm({ initial, onSaved, submitLabel, secondary }: Props) {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [areas, setAreas] = useState<string[]>(initial?.postcodeAreas ?? []);
  const [draft, setDraft] = useState('');
  const [dailyCap, setDailyCap] = useState(initial ? String(initial.dailyCap) : '');
  const [weeklyCap, setWeeklyCap] = useState(initial?.weeklyCap != null ? String(initial.weeklyCap) : '');
  const [weeklySpend, setWeeklySpend] = useState(initial?.weeklySpendLimit != null ? poundsInput(initial.weeklySpendLimit) : '');
  const [monthlySpend, setMonthlySpend] = useState(initial?.monthlySpendLimit != null ? poundsInput(initial.monthlySpendLimit) : '');
  const [days, setDays] = useState<Weekday[]>(initial?.deliveryDays ?? DEFAULT_DAYS);
  const [start, setStart] = useState(initial?.deliveryStart ?? '00:00');
  const [end, setEnd] = useState(initial?.deliveryEnd ?? '24:00');
  const [paused, setPaused] = useState(initial?.paused ?? false);
  const timeZone = initial?.timeZone ?? 'Europe/London';
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { areas: postcodeAreas, rejected, problems } = addAreas(areas, draft);
    setAreas(postcodeAreas);
    setDraft(rejected.join(', '));
    // Nothing is sent while the box holds something that is not a postcode area: say which, and why.
    if (problems.length > 0) return setErrors({ fields: { postcodeAreas: problems } });
    // A spending limit is pounds or nothing: empty is no limit.
    const weeklySpendLimit = weeklySpend.trim() === '' ? null : parsePounds(weeklySpend);
    const monthlySpendLimit = monthlySpend.trim() === '' ? null : parsePounds(monthlySpend);
    const moneyProblems = {
      ...(weeklySpendLimit === null && weeklySpend.trim() !== '' ? { weeklySpendLimit: [NOT_POUNDS] } : {}),
      ...(monthlySpendLimit === null && monthlySpend.trim() !== '' ? { monthlySpendLimit: [NOT_POUNDS] } : {}),
    };
    if (Object.keys(moneyProblems).length > 0) return setErrors({ fields: moneyProblems });
    const body: LeadPreferencesDto = {
      postcodeAreas,
      dailyCap: Number(dailyCap),
      weeklyCap: weeklyCap.trim() === '' ? null : Number(weeklyCap),
      weeklySpendLimit,
      monthlySpendLimit,
      deliveryDays: WEEKDAYS.map((w) => w.day).filter((d) => days.includes(d)),
      deliveryStart: start,
      deliveryEnd: end,
      timeZone,
      paused,
    };
    setBusy(true);
    const outcome = await call(submitLeadPreferences({ body }));
    setBusy(false);
    if (outcome.ok) onSaved(outcome.data);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  function toggleDay(day: Weekday, on: boolean) {
    setDays((current) => (on ? [...current, day] : current.filter((d) => d !== day)));
  }

  const dayErrors = errors.fields.deliveryDays;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      <PostcodeAreasInput
        label={LABELS.postcodeAreas}
        areas={areas}
        onAreasChange={setAreas}
        draft={draft}
        onDraftChange={setDraft}
        errors={errors.fields.postcodeAreas}
      />
      <div className="field-row">
        <Field
          name="dailyCap"
          label={LABELS.dailyCap}
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          step={1}
          required
          value={dailyCap}
          onChange={(e) => setDailyCap(e.target.value)}
          hint="Most leads a day."
          errors={errors.fields.dailyCap}
        />
        <Field
          name="weeklyCap"
          label={LABELS.weeklyCap}
          type="number"
          inputMode="numeric"
          min={1}
          max={70000}
          step={1}
          value={weeklyCap}
          onChange={(e) => setWeeklyCap(e.target.value)}
          hint="Leave empty for no weekly limit."
          errors={errors.fields.weeklyCap}
        />
      </div>
      <div className="field-row">
        <Field
          name="weeklySpendLimit"
          label={LABELS.weeklySpendLimit}
          inputMode="decimal"
          autoComplete="off"
          value={weeklySpend}
          onChange={(e) => setWeeklySpend(e.target.value)}
          hint="Most spent on leads Monday to Sunday; a lead that would go over it is not sent."
          errors={errors.fields.weeklySpendLimit}
        />
        <Field
          name="monthlySpendLimit"
          label={LABELS.monthlySpendLimit}
          inputMode="decimal"
          autoComplete="off"
          value={monthlySpend}
          onChange={(e) => setMonthlySpend(e.target.value)}
          hint="Most spent on leads in a calendar month."
          errors={errors.fields.monthlySpendLimit}
        />
      </div>
      <fieldset className="fieldset" aria-describedby={dayErrors ? 'delivery-days-error' : undefined}>
        <legend>{LABELS.deliveryDays}</legend>
        <div className="day-list">
          {WEEKDAYS.map((w) => (
            <label key={w.day} className="check">
              <input
                type="checkbox"
                name="deliveryDays"
                value={w.day}
                checked={days.includes(w.day)}
                onChange={(e) => toggleDay(w.day, e.target.checked)}
                aria-invalid={dayErrors ? true : undefined}
              />
              <span aria-hidden="true">{w.short}</span>
              <span className="visually-hidden">{w.long}</span>
            </label>
          ))}
        </div>
        {dayErrors ? (
          <p id="delivery-days-error" className="field-error">
            {dayErrors.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <div className="field-row">
        <SelectField
          name="deliveryStart"
          label={LABELS.deliveryStart}
          value={start}
          onChange={(e) => setStart(e.target.value)}
          errors={errors.fields.deliveryStart}
        >
          {timeOptions(0, 23 * 60 + 30, start).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="deliveryEnd"
          label={LABELS.deliveryEnd}
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          errors={errors.fields.deliveryEnd}
        >
          {timeOptions(30, 24 * 60, end).map((t) => (
            <option key={t} value={t}>
              {t === '24:00' ? '24:00 (midnight)' : t}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="field-hint form-note">Times are in {timeZone === 'Europe/London' ? 'UK time (Europe/London)' : timeZone}.</p>
      <label className="check toggle">
        <input type="checkbox" role="switch" name="paused" checked={paused} onChange={(e) => setPaused(e.target.checked)} />
        <span>
          {LABELS.paused}
          <span className="field-hint"> — no leads are sent while paused.</span>
        </span>
      </label>
      {errors.fields.paused ? <p className="field-error">{errors.fields.paused.join(' ')}</p> : null}
      <div className="form-actions">
        {secondary}
        <SubmitButton busy={busy} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
