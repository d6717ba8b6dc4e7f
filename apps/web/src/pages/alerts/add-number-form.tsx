import { addSmsNumber, type SmsNumberDto } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { useApiCall } from '../../api/connection';
import { fieldMessage } from '../../api/notifications';
import { Field, FormAlert, noErrors, SubmitButton, toFormErrors, useFocusFirstError, type FormErrors } from '../../components/form';

/** "Add a mobile number": the API texts it a 6-digit code a moment later. */
export function AddNumberForm({ onAdded }: { onAdded: (number: SmsNumberDto) => void }) {
  const call = useApiCall();
  const form = useRef<HTMLFormElement>(null);
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!phone.trim()) return setErrors({ fields: { phone: ['Enter a mobile number.'] } });
    setBusy(true);
    setErrors(noErrors);
    const outcome = await call(addSmsNumber({ body: { phone: phone.trim() } }));
    setBusy(false);
    if (outcome.ok) {
      setPhone('');
      onAdded(outcome.data);
    } else if (outcome.failure.kind === 'api') {
      const failure = outcome.failure;
      const found = toFormErrors(failure, { phone: 'Mobile number' });
      // "Not a mobile", "added already" and "five already" are about the number: say so under it.
      if (!found.fields.phone && (failure.status === 409 || failure.status === 422)) {
        setErrors({ fields: { phone: [fieldMessage(failure.message).text] } });
      } else {
        setErrors(found);
      }
    }
  }

  return (
    <form ref={form} className="sms-add" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="sms-add-title">
      <h3 id="sms-add-title">Add a mobile number</h3>
      {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
      <Field
        name="phone"
        label="Mobile number"
        type="tel"
        autoComplete="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        errors={errors.fields.phone}
        hint="A UK mobile such as 07700 900123, or + and the country code. We text it a code to check it is yours."
      />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel="Adding…">
          Add number
        </SubmitButton>
      </div>
    </form>
  );
}
