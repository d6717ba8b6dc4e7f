import { forgotPassword } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { AuthLayout } from '../components/auth-layout';
import { Field, FormAlert, SubmitButton, formValue, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../components/form';

const LABELS = { email: 'Email' };

export function ForgotPasswordPage() {
  const call = useApiCall();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = formValue(new FormData(event.currentTarget), 'email');
    setBusy(true);
    const outcome = await call(forgotPassword({ body: { email } }));
    setBusy(false);
    // The API answers 202 whether or not the account exists; only a typo or rate limit is worth saying.
    if (outcome.ok) setSentTo(email);
    else if (outcome.failure.kind === 'api') setErrors(toFormErrors(outcome.failure, LABELS));
  }

  const back = (
    <p>
      <Link to="/login">Back to log in</Link>
    </p>
  );

  if (sentTo) {
    return (
      <AuthLayout title="Check your inbox" footer={back}>
        <div role="status">
          <p>
            If an account exists for <strong>{sentTo}</strong>, we've sent it a link to choose a new password. The link works once, for an
            hour.
          </p>
          <p className="muted">Nothing arrived? Check your spam folder, or try again in a few minutes.</p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Reset your password"
      intro={<p>Enter the email you log in with and we'll send you a link to choose a new password.</p>}
      footer={back}
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          errors={errors.fields.email}
        />
        <SubmitButton busy={busy} busyLabel="Sending…">
          Send reset link
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
