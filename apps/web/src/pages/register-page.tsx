import { choosePendingPlan, listPublicPlansOptions, register, signUp } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';
import { fromState } from '../auth/provider-steps';
import { AuthLayout } from '../components/auth-layout';
import { ProviderButtons } from '../components/provider-buttons';
import { Field, FormAlert, SubmitButton, formValue, noErrors, toFormErrors, useFocusFirstError, type FormErrors } from '../components/form';

const LABELS = { firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', password: 'Password' };

export function RegisterPage() {
  const call = useApiCall();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // An owner's team invite (/register?team=…) joins their account; an admin's invite link
  // (/register?invite=…) may pre-set a new account, e.g. non-billable.
  const teamInviteToken = params.get('team')?.trim() || undefined;
  const inviteToken = teamInviteToken ? undefined : params.get('invite')?.trim() || undefined;
  // A paid plan picked on the pricing page (/register?plan=…): remembered on the new account, bought after the card step.
  const planId = teamInviteToken ? undefined : params.get('plan')?.trim() || undefined;
  const plans = useQuery({ ...listPublicPlansOptions(), enabled: planId !== undefined });
  const chosenPlan = plans.data?.find((p) => p.id === planId && p.monthlyPrice > 0);
  // After "Continue with Google" for a new email: the provider vouched for it; name (prefilled) and phone finish the account.
  const provider = fromState(useLocation().state, 'providerSignUp');
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(formRef, errors);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const person = { firstName: formValue(form, 'firstName'), lastName: formValue(form, 'lastName'), phone: formValue(form, 'phone') };
    const outcome = await call(
      provider
        ? signUp({ body: { token: provider.token, ...person } })
        : register({
            body: {
              ...person,
              email: formValue(form, 'email'),
              password: formValue(form, 'password'),
              ...(inviteToken ? { inviteToken } : {}),
              ...(teamInviteToken ? { teamInviteToken } : {}),
            },
          }),
    );
    // Remembered before signing in (signing in leaves this page). The account exists whatever this
    // answers: a plan no longer on offer is simply not remembered, and the Plan page offers the rest.
    if (outcome.ok && planId)
      await call(choosePendingPlan({ body: { planId }, headers: { Authorization: `Bearer ${outcome.data.accessToken}` } }));
    setBusy(false);
    if (outcome.ok) {
      // `/` is the dashboard, or the onboarding wizard for a new account that still needs it.
      signIn(outcome.data);
      void navigate(provider?.next ?? '/', { replace: true });
    } else if (outcome.failure.kind === 'api') {
      const next = toFormErrors(outcome.failure, LABELS);
      // "teamInviteToken has expired; …" → "This invite link has expired; …".
      if (next.message) next.message = next.message.replace(/\b(teamInviteToken|inviteToken)\b/g, 'This invite link');
      // "Already registered" belongs to the email field (shown only when there is one).
      setErrors(outcome.failure.status === 409 && !provider ? { fields: { email: [outcome.failure.message] } } : next);
    }
  }

  return (
    <AuthLayout
      title={provider ? 'Finish creating your account' : teamInviteToken ? 'Join your team on LeadFlow' : 'Create your account'}
      intro={
        provider ? (
          <p>
            {provider.label} confirmed your email address, <strong>{provider.email}</strong>. Check your name and add a phone number, and
            you're in. You sign in with {provider.label}; you can set a password later.
          </p>
        ) : teamInviteToken ? (
          <p>
            You've been invited to join a team on LeadFlow. Create your login with the email address the invite was sent to, and you'll join
            your colleagues' existing account: its leads, billing and settings.
          </p>
        ) : (
          <>
            <p>
              {inviteToken
                ? "You've been invited to LeadFlow. Create your account to start receiving leads."
                : 'Start receiving leads with LeadFlow.'}
            </p>
            {chosenPlan ? (
              <p className="chosen-plan">
                You chose the <strong>{chosenPlan.name}</strong> plan. You pay for it after adding your card; until then you are on the free
                plan. <Link to="/pricing">Change</Link>
              </p>
            ) : null}
          </>
        )
      }
      footer={
        <p>
          Already have an account? <Link to="/login">Log in</Link> · <Link to="/pricing">See the plans</Link>
        </p>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
        {errors.message ? <FormAlert>{errors.message}</FormAlert> : null}
        <div className="field-row">
          <Field
            name="firstName"
            label={LABELS.firstName}
            autoComplete="given-name"
            required
            maxLength={100}
            defaultValue={provider?.firstName}
            errors={errors.fields.firstName}
          />
          <Field
            name="lastName"
            label={LABELS.lastName}
            autoComplete="family-name"
            required
            maxLength={100}
            defaultValue={provider?.lastName}
            errors={errors.fields.lastName}
          />
        </div>
        {provider ? null : (
          <Field
            name="email"
            label={LABELS.email}
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={254}
            errors={errors.fields.email}
          />
        )}
        <Field name="phone" label={LABELS.phone} type="tel" autoComplete="tel" required errors={errors.fields.phone} />
        {provider ? null : (
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
        )}
        <SubmitButton busy={busy} busyLabel="Creating account…">
          Create account
        </SubmitButton>
      </form>
      {provider ? null : <ProviderButtons start={{ inviteToken, teamInviteToken }} />}
    </AuthLayout>
  );
}
