import { getOnboardingOptions, getSubscriptionOptions, type OnboardingStateDto } from '@leadflow/api-client';
import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { STEP_LABELS, type WizardStep } from '../../api/format';
import { useAuth } from '../../auth/auth-context';
import { Page } from '../../components/page';
import { InlineLoading } from '../../components/states';
import { BusinessDetailsForm } from './business-details-form';
import { CardStep } from './card-step';
import { IntegrationsPanel, integrationsPollInterval } from './integrations-panel';
import { LeadPreferencesForm } from './lead-preferences-form';
import { OnboardingProgress } from './progress';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryView } from '../../components/query-view';

const INTRO: Record<WizardStep, string> = {
  business_details: 'Tell us about your business. We use this to set up your account with our payment, lead and accounting partners.',
  lead_preferences: 'Choose where your leads come from, how many you want and when they should arrive. You can change these at any time.',
  card: 'Add a card to pay for your leads.',
};

/** The sign-up wizard: one step at a time, resuming where the client left off. */
export function OnboardingPage() {
  const { updateClient } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const onboarding = useQuery({ ...getOnboardingOptions(), refetchInterval: (q) => integrationsPollInterval(q.state.data?.integrations) });
  const state = onboarding.data;
  // A paid plan chosen on the pricing page is paid for right after the card step: say so there.
  const pendingPlan = useQuery({ ...getSubscriptionOptions(), enabled: state?.step === 'card' }).data?.pendingPlan ?? null;
  const heading = useRef<HTMLHeadingElement>(null);

  // The step on screen is in the address (`?step=`), so the browser's Back and Forward move between
  // steps; a step not reached yet (or none) shows the first one still to do.
  const asked = params.get('step');
  const viewing = state && state.steps.some((s, i) => s === asked && i <= stepIndex(state)) ? (asked as WizardStep) : null;
  const step: WizardStep | null = state ? (viewing ?? (state.step === 'complete' ? null : state.step)) : null;

  function show(target: WizardStep | null) {
    // The step shown without `?step=` is written into the address first (in place), so Back returns to it.
    if (!asked && step) setParams({ step }, { replace: true });
    setParams(target ? { step: target } : {});
  }

  // A new step is a new page to a screen reader: move focus to its heading.
  const shown = useRef<WizardStep | null>(null);
  useEffect(() => {
    if (step && shown.current && shown.current !== step) heading.current?.focus();
    shown.current = step;
  }, [step]);

  useEffect(() => {
    if (state?.step === 'complete') {
      updateClient({ onboardingStep: 'complete', status: state.status });
      void navigate('/', { replace: true });
    }
  }, [state?.step, state?.status, updateClient, navigate]);

  function saved(next: OnboardingStateDto | null) {
    if (!state || !step) return;
    if (next) {
      queryClient.setQueryData(getOnboardingOptions().queryKey, next);
      updateClient({ onboardingStep: next.step, status: next.status });
    }
    const after = next ?? state;
    const following = after.steps[after.steps.indexOf(step) + 1];
    // Next goes one step on, but never past the first step still to do.
    const target =
      following && after.steps.indexOf(following) <= stepIndex(after) ? following : after.step === 'complete' ? null : after.step;
    show(target);
  }

  function back() {
    if (!state || !step) return;
    const previous = state.steps[state.steps.indexOf(step) - 1];
    if (previous) show(previous);
  }

  const backButton = (
    <button type="button" className="button" onClick={back}>
      Back
    </button>
  );

  let body;
  if (!state || !step)
    body = (
      <QueryView query={onboarding} loading="Loading your sign-up…" failed="We couldn't load your sign-up.">
        {() => <InlineLoading label="Loading your sign-up…" />}
      </QueryView>
    );
  else {
    const position = state.steps.indexOf(step) + 2;
    body = (
      <div className="wizard-grid">
        <section className="card wizard-step" aria-labelledby="step-title">
          <p className="eyebrow">
            Step {position} of {state.steps.length + 1}
          </p>
          <h2 id="step-title" ref={heading} tabIndex={-1}>
            {STEP_LABELS[step]}
          </h2>
          <p className="muted">{INTRO[step]}</p>
          {step === 'business_details' ? (
            <BusinessDetailsForm key="business" initial={state.businessDetails} onSaved={saved} submitLabel="Next" />
          ) : step === 'lead_preferences' ? (
            <LeadPreferencesForm
              key="preferences"
              initial={state.leadPreferences}
              onSaved={saved}
              submitLabel={state.steps.includes('card') ? 'Next' : 'Finish'}
              secondary={backButton}
            />
          ) : (
            <CardStep
              stripe={state.integrations.find((i) => i.kind === 'stripe_customer')}
              canceled={params.get('canceled') === '1'}
              planName={pendingPlan?.name}
              secondary={backButton}
            />
          )}
        </section>
        <IntegrationsPanel integrations={state.integrations} />
      </div>
    );
  }

  return (
    <Page title="Set up your account">
      <div className="page-head">
        <h1>Set up your account</h1>
        {state && state.step !== 'complete' ? <p className="next-step">Next: {STEP_LABELS[state.step].toLowerCase()}</p> : null}
        {state && step ? <OnboardingProgress steps={state.steps} next={state.step} viewing={step} /> : null}
      </div>
      {body}
    </Page>
  );
}

function stepIndex(state: OnboardingStateDto): number {
  return state.step === 'complete' ? state.steps.length : state.steps.indexOf(state.step);
}
