import { finishSignIn, type ProviderSignInDto } from '@leadflow/api-client';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Outcome } from '../api/api-result';
import { useApiCall } from '../api/connection';
import { useAuth } from '../auth/auth-context';
import type { ProviderSignUp, ProviderStep } from '../auth/provider-steps';
import { AuthLayout } from '../components/auth-layout';
import { InlineLoading } from '../components/states';

// A state works once, and React runs effects twice in development: both runs share one request.
const finishing = new Map<string, Promise<Outcome<ProviderSignInDto>>>();

/**
 * `/auth/callback/:provider`: where the provider sends the browser back. Hands the code to the
 * API and goes where the answer says: signed in, the password step, the sign-up form, or back to
 * account settings after linking.
 */
export function AuthCallbackPage() {
  const { provider = '' } = useParams();
  const [params] = useSearchParams();
  const call = useApiCall();
  const { state: auth, signIn } = useAuth();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const code = params.get('code') ?? '';
  const state = params.get('state') ?? '';
  const denied = params.get('error');

  const incomplete = !denied && (!code || !state);

  useEffect(() => {
    if (denied || incomplete) return;
    let active = true;
    let request = finishing.get(state);
    if (!request) {
      request = call(finishSignIn({ path: { provider }, body: { code, state } }));
      finishing.set(state, request);
    }
    void request.then((outcome) => {
      if (!active) return;
      if (!outcome.ok) {
        setProblem(outcome.failure.kind === 'api' ? outcome.failure.message : 'LeadFlow cannot be reached. Please try again.');
        return;
      }
      const answer = outcome.data;
      const label = answer.providerLabel;
      if (answer.status === 'signed_in' && answer.session) {
        signIn(answer.session);
        void navigate(answer.next ?? '/', { replace: true });
      } else if ((answer.status === 'link_required' || answer.status === 'password_required') && answer.token && answer.email) {
        const providerStep: ProviderStep = {
          kind: answer.status === 'link_required' ? 'link' : 'second_step',
          token: answer.token,
          email: answer.email,
          label,
          next: answer.next,
        };
        void navigate('/login', { replace: true, state: { providerStep } });
      } else if (answer.status === 'sign_up_required' && answer.token && answer.email) {
        const providerSignUp: ProviderSignUp = {
          token: answer.token,
          email: answer.email,
          firstName: answer.firstName ?? '',
          lastName: answer.lastName ?? '',
          label,
          next: answer.next,
        };
        void navigate('/register', { replace: true, state: { providerSignUp } });
      } else if (answer.status === 'linked') {
        void navigate('/account/sign-in', { replace: true, state: { notice: `Your ${label} account ${answer.email ?? ''} is linked.` } });
      }
    });
    return () => {
      active = false;
    };
  }, [call, code, state, denied, incomplete, provider, navigate, signIn]);

  const back =
    auth.status === 'signed-in'
      ? { to: '/account/sign-in', label: 'Back to your sign-in settings' }
      : { to: '/login', label: 'Back to log in' };
  if (denied || incomplete || problem) {
    return (
      <AuthLayout title="Signing in did not finish">
        <div className="notice notice-error" role="alert">
          <p>
            {denied
              ? 'You cancelled signing in, or the provider refused it.'
              : incomplete
                ? 'The sign-in link is incomplete. Please start again.'
                : problem}
          </p>
        </div>
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Signing you in">
      <InlineLoading label="Checking your sign-in…" />
    </AuthLayout>
  );
}
