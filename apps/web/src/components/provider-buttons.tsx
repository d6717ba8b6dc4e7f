import { listProvidersOptions, startSignIn } from '@leadflow/api-client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiCall } from '../api/connection';
import { FormAlert } from './form';

/** What a provider sign-in carries through to its callback. */
export interface ProviderStart {
  next?: string;
  inviteToken?: string;
  teamInviteToken?: string;
}

/**
 * "Continue with Google" (one button per configured provider) under a divider; nothing when no
 * provider is configured. The click asks the API for the provider's page and goes there.
 */
export function ProviderButtons({ start }: { start?: ProviderStart }) {
  const call = useApiCall();
  const providers = useQuery(listProvidersOptions());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = providers.data ?? [];
  if (list.length === 0) return null;

  async function go(id: string) {
    setBusy(id);
    setError(null);
    const outcome = await call(startSignIn({ path: { provider: id }, body: start ?? {} }));
    if (outcome.ok) {
      window.location.assign(outcome.data.authorizeUrl);
      return;
    }
    setBusy(null);
    if (outcome.failure.kind === 'api') setError(outcome.failure.message);
  }

  return (
    <div className="provider-sign-in">
      <p className="divider">
        <span>or</span>
      </p>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {list.map((p) => (
        <button key={p.id} type="button" className="button provider-button" onClick={() => void go(p.id)} disabled={busy !== null}>
          {busy === p.id ? `Opening ${p.label}…` : `Continue with ${p.label}`}
        </button>
      ))}
    </div>
  );
}
