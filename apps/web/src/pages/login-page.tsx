import { login } from '@leadflow/api-client';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';
import { fromState } from '../auth/provider-steps';
import { returnPath } from '../auth/return-to';
import { AuthLayout } from '../components/auth-layout';
import { ProviderButtons } from '../components/provider-buttons';
import { Notice } from '../components/states';
import { Field, FormAlert, SubmitButton, formValue, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../components/form';

const LABELS = { email: 'Email', password: 'Password' };

export function LoginPage() {
  const call = useApiCall();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // After "Continue with Google": the password links Google to this account, or finishes an admin's sign-in.
  const step = fromState(location.state, 'providerStep');
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const outcome = await call(
      login({
        body: {
          email: step?.email ?? formValue(form, 'email'),
          password: formValue(form, 'password'),
          ...(step ? { providerToken: step.token } : {}),
        },
      }),
    );
    setBusy(false);
    if (outcome.ok) {
      signIn(outcome.data);
      void navigate(step?.next ?? returnPath(location.search), { replace: true });
    } else if (outcome.failure.kind === 'api') {
      setErrors(toFormErrors(outcome.failure, LABELS));
    }
  }

  return (
    <AuthLayout
      title="Log in"
      footer={
        <p>
          New to LeadFlow? <Link to="/register">Create an account</Link> · <Link to="/pricing">See the plans</Link>
        </p>
      }
    >
      {step ? (
        <Notice tone="info">
          {step.kind === 'link' ? (
            <>
              <strong>You already have a LeadFlow account.</strong> Enter its password once to link your {step.label} account to it; after
              that you can log in either way.
            </>
          ) : (
            <>
              <strong>{step.label} checked.</strong> Administrators also enter their password.
            </>
          )}
        </Notice>
      ) : null}
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          readOnly={step !== null}
          defaultValue={step?.email}
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
          {step?.kind === 'link' ? `Log in and link ${step.label}` : 'Log in'}
        </SubmitButton>
      </form>
      {step ? null : <ProviderButtons start={{ next: returnPath(location.search) }} />}
    </AuthLayout>
  );
}
