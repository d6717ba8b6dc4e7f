import { STEP_LABELS, type OnboardingStep, type WizardStep } from '../../api/format';

const ORDER: OnboardingStep[] = ['business_details', 'lead_preferences', 'card', 'complete'];

/** Personal details ✓ → Business details → Lead preferences → Card, with the step on screen marked. */
export function OnboardingProgress({ steps, next, viewing }: { steps: WizardStep[]; next: OnboardingStep; viewing: WizardStep }) {
  const nextIndex = ORDER.indexOf(next);
  return (
    <ol className="progress" aria-label="Sign-up progress">
      <li className="done">
        Personal details<span className="visually-hidden"> (done)</span>
      </li>
      {steps.map((step) => {
        const done = ORDER.indexOf(step) < nextIndex;
        const current = step === viewing;
        return (
          <li
            key={step}
            className={[done ? 'done' : '', current ? 'current' : ''].filter(Boolean).join(' ') || undefined}
            aria-current={current ? 'step' : undefined}
          >
            {STEP_LABELS[step]}
            <span className="visually-hidden">{done ? ' (done)' : step === next ? ' (to do next)' : ''}</span>
          </li>
        );
      })}
    </ol>
  );
}
