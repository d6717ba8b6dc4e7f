import { login } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';
import { returnPath } from '../auth/return-to';
import { AuthLayout } from '../components/auth-layout';
import { Field, FormAlert, SubmitButton, formValue, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../components/form';

const LABELS = { email: 'Email', password: 'Password' };

export function LoginPage() {
  const call = useApiCall();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const outcome = await call(login({ body: { email: formValue(form, 'email'), password: formValue(form, 'password') } }));
    setBusy(false);
    if (outcome.ok) {
      signIn(outcome.data);
      void navigate(returnPath(location.search), { replace: true });
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, LABELS));
    }
  }

  return (
    <AuthLayout
      title="Log in"
      footer={
        <p>
          New to LeadFlow? <Link to="/register">Create an account</Link>
        </p>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          errors={errors.fields.email}
        />
        <Field
          name="password"
          label={LABELS.password}
          type="password"
          autoComplete="current-password"
          required
          errors={errors.fields.password}
        />
        <p className="form-aside">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <SubmitButton busy={busy} busyLabel="Logging in…">
          Log in
        </SubmitButton>
      </form>
    </AuthLayout>
  );
}
