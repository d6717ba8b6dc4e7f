import { updateSmsNumber, type SmsNumberDto } from '@leadflow/api-client';
import { useId, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { fieldMessage, hourLabel, HOURS, phoneText } from '../../api/notifications';
import { FormAlert, SelectField, SubmitButton } from '../../components/form';
import { Notice } from '../../components/states';

type Alert = 'newLeads' | 'lowBalance' | 'paymentFailed';

const ALERTS: { key: Alert; label: string; hint: string; billableOnly: boolean }[] = [
  { key: 'newLeads', label: 'New leads', hint: 'A text for each lead delivered to you, with its name and postcode.', billableOnly: false },
  {
    key: 'lowBalance',
    label: 'Low balance / out of credit',
    hint: 'When your credit runs low, and when it runs out and leads stop.',
    billableOnly: true,
  },
  { key: 'paymentFailed', label: 'Payment failed', hint: 'When an automatic top-up is declined.', billableOnly: true },
];

interface Values {
  newLeads: boolean;
  lowBalance: boolean;
  paymentFailed: boolean;
  /** An hour as the selects hold it ("22"), or "" for none. */
  quietStart: string;
  quietEnd: string;
}

const valuesOf = (n: SmsNumberDto): Values => ({
  newLeads: n.newLeads,
  lowBalance: n.lowBalance,
  paymentFailed: n.paymentFailed,
  quietStart: n.quietStart === null ? '' : String(n.quietStart),
  quietEnd: n.quietEnd === null ? '' : String(n.quietEnd),
});

const hour = (value: string) => (value === '' ? null : Number(value));

/** Which texts a verified number gets, and its quiet hours, saved together. */
export function AlertSettingsForm({
  number,
  billable,
  onSaved,
}: {
  number: SmsNumberDto;
  billable: boolean;
  onSaved: (number: SmsNumberDto) => void;
}) {
  const call = useApiCall();
  const id = useId();
  const [values, setValues] = useState<Values>(() => valuesOf(number));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  // Billing texts mean nothing without credit; their stored values are sent back unchanged.
  const shown = ALERTS.filter((a) => billable || !a.billableOnly);
  const phone = phoneText(number.phone);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if ((values.quietStart === '') !== (values.quietEnd === ''))
      return setError({
        field: values.quietStart === '' ? 'quietStart' : 'quietEnd',
        text: 'Choose an hour here too, or None for both.',
      });
    if (values.quietStart !== '' && values.quietStart === values.quietEnd)
      return setError({ field: 'quietEnd', text: 'Quiet hours must end at another hour than they start.' });
    setBusy(true);
    setError(null);
    const body = {
      newLeads: values.newLeads,
      lowBalance: values.lowBalance,
      paymentFailed: values.paymentFailed,
      quietStart: hour(values.quietStart),
      quietEnd: hour(values.quietEnd),
    };
    const outcome = await call(updateSmsNumber({ path: { id: number.id }, body }));
    setBusy(false);
    if (outcome.ok) {
      setValues(valuesOf(outcome.data));
      setSaved(true);
      onSaved(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      setError(fieldMessage(outcome.failure.message));
    }
  }

  const hourOptions = (
    <>
      <option value="">None</option>
      {HOURS.map((h) => (
        <option key={h} value={h}>
          {hourLabel(h)}
        </option>
      ))}
    </>
  );
  const fieldError = (field: string) => (error?.field === field ? [error.text] : undefined);

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={`Texts to ${phone}`} aria-busy={busy}>
      {saved ? (
        <Notice tone="success" onDismiss={() => setSaved(false)}>
          {`Your texts to ${phone} are saved.`}
        </Notice>
      ) : null}
      {error && !error.field ? <FormAlert>{error.text}</FormAlert> : null}
      <fieldset className="fieldset">
        <legend>Text me about</legend>
        {shown.map((a) => (
          <div key={a.key} className="preference">
            <label className="check toggle">
              <input
                type="checkbox"
                name={a.key}
                checked={values[a.key]}
                onChange={(e) => setValues((v) => ({ ...v, [a.key]: e.target.checked }))}
                aria-describedby={`${id}-${a.key}-hint`}
              />
              <span>{a.label}</span>
            </label>
            <p id={`${id}-${a.key}-hint`} className="field-hint">
              {a.hint}
            </p>
          </div>
        ))}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Quiet hours</legend>
        <p className="field-hint">
          No new-lead texts between these hours (your account's time zone). They are not sent later: the leads are waiting in LeadFlow.
        </p>
        <div className="field-row">
          <SelectField
            label="Quiet from"
            name="quietStart"
            value={values.quietStart}
            onChange={(e) => setValues((v) => ({ ...v, quietStart: e.target.value }))}
            errors={fieldError('quietStart')}
          >
            {hourOptions}
          </SelectField>
          <SelectField
            label="Quiet until"
            name="quietEnd"
            value={values.quietEnd}
            onChange={(e) => setValues((v) => ({ ...v, quietEnd: e.target.value }))}
            errors={fieldError('quietEnd')}
          >
            {hourOptions}
          </SelectField>
        </div>
      </fieldset>
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel="Saving…">
          Save texts
        </SubmitButton>
      </div>
    </form>
  );
}
