import type { ClientSummaryDto, MeDto } from '@leadflow/api-client';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';

type OnboardingStep = ClientSummaryDto['onboardingStep'];

const STEPS: { step: Exclude<OnboardingStep, 'complete'>; label: string }[] = [
  { step: 'business_details', label: 'Business details' },
  { step: 'lead_preferences', label: 'Lead preferences' },
  { step: 'card', label: 'Payment card' },
];

function Onboarding({ step }: { step: OnboardingStep }) {
  if (step === 'complete') return <p>Your account is set up.</p>;
  const current = STEPS.findIndex((s) => s.step === step);
  return (
    <>
      <p className="next-step">Next: {STEPS[current]?.label.toLowerCase()}</p>
      <ol className="steps" aria-label="Account setup">
        {STEPS.map((s, i) => (
          <li key={s.step} className={i < current ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
            {s.label}
            <span className="visually-hidden">{i < current ? ' (done)' : i === current ? ' (next)' : ''}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

export function HomePage({ me }: { me: MeDto }) {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const fullName = `${me.firstName} ${me.lastName}`;

  async function onLogOut() {
    setLeaving(true);
    await signOut();
    navigate('/login', { replace: true });
  }

  return (
    <div className="shell">
      <title>Home · LeadFlow</title>
      <header className="shell-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          LeadFlow
        </span>
        <div className="shell-user">
          {me.role === 'admin' ? <a href="/admin/queues">Job queues</a> : null}
          <span className="user-name">{fullName}</span>
          <button type="button" className="button button-quiet" onClick={onLogOut} disabled={leaving}>
            {leaving ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </header>
      <main className="shell-main">
        <section className="card welcome" aria-labelledby="welcome-title">
          <h1 id="welcome-title">Welcome, {me.firstName}</h1>
          {me.client ? (
            <Onboarding step={me.client.onboardingStep} />
          ) : (
            <p>You are signed in as {me.role === 'admin' ? 'an administrator' : 'a user without a client account'}.</p>
          )}
        </section>
      </main>
    </div>
  );
}
