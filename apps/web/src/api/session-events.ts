/**
 * The API client is configured once, before React renders; this lets it tell the auth context
 * that the refresh token was refused and the session is over.
 */
const listeners = new Set<() => void>();

export function notifySessionExpired(): void {
  for (const listener of listeners) listener();
}

export function onSessionExpired(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
