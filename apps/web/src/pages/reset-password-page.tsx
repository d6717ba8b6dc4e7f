import { resetPassword } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { AuthLayout } from '../components/auth-layout';
import { Field, FormAlert, SubmitButton, formValue, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../components/form';

const LABELS = { password: 'New password' };

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = formValue(new FormData(event.currentTarget), 'password');
    setBusy(true);
    const outcome = await call(resetPassword({ body: { token, password } }));
    setBusy(false);
    if (outcome.ok) setDone(true);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  if (!token) {
    return (
      <AuthLayout title="Reset your password">
        <FormAlert>This link is missing its reset token. Open the link from the email again, or ask for a new one.</FormAlert>
        <p>
          <Link to="/forgot-password">Send me a new link</Link>
        </p>
      </AuthLayout>
    );
  }

  if (done) {
    return (
      <AuthLayout title="Password changed">
        <div role="status">
          <p>Your new password is set, and you have been signed out on every device.</p>
        </div>
        <p>
          <Link className="button button-primary" to="/login">
            Log in
          </Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Choose a new password"
      footer={
        <p>
          <Link to="/forgot-password">Send me a new link</Link>
        </p>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          autoComplete="new-password"
          required
          maxLength={128}
          hint="10–128 characters, with at least one letter and one digit."
          errors={errors.fields.password}
        />
        <SubmitButton busy={busy} busyLabel="Saving…">
          Set new password
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
