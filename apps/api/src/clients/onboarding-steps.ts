import type { BillingMode, OnboardingStep } from './client.entity';

const LABEL: Record<OnboardingStep, string> = {
  business_details: 'business details',
  lead_preferences: 'lead preferences',
  card: 'card',
  complete: 'complete',
};

export const stepsFor = (mode: BillingMode): OnboardingStep[] =>
  mode === 'billable' ? ['business_details', 'lead_preferences', 'card'] : ['business_details', 'lead_preferences'];

const ORDER: OnboardingStep[] = ['business_details', 'lead_preferences', 'card', 'complete'];
export const stepIndex = (step: OnboardingStep) => ORDER.indexOf(step);

/** The step after `step` for this billing mode. */
export function nextStep(step: OnboardingStep, mode: BillingMode): OnboardingStep {
  const steps = stepsFor(mode);
  const i = steps.indexOf(step);
  return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : 'complete';
}

export const stepLabel = (step: OnboardingStep) => LABEL[step];
