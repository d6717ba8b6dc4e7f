/**
 * What a provider sign-in hands to the next page, in the router's state (never in the address,
 * where a one-time token would stay in the history and in logs).
 */
export interface ProviderStep {
  /** `link`: an account has this email, its password links the provider; `second_step`: an admin's password after Google. */
  kind: 'link' | 'second_step';
  token: string;
  email: string;
  label: string;
  next?: string;
}

export interface ProviderSignUp {
  token: string;
  email: string;
  firstName: string;
  lastName: string;
  label: string;
  next?: string;
}

/** Reads one of them from `location.state`, whatever else is there. */
export function fromState<K extends 'providerStep' | 'providerSignUp'>(
  state: unknown,
  key: K,
): (K extends 'providerStep' ? ProviderStep : ProviderSignUp) | null {
  if (!state || typeof state !== 'object' || !(key in state)) return null;
  const value = (state as Record<string, unknown>)[key];
  return value && typeof value === 'object' && 'token' in value
    ? (value as K extends 'providerStep' ? ProviderStep : ProviderSignUp)
    : null;
}
