import { useMemo, useRef } from 'react';
import type { Outcome } from './api-result';

/**
 * One Idempotency-Key per submission of a money-moving form. A retry of the same submission
 * (same `fingerprint`, after an answer that leaves it unknown whether it took effect) reuses the
 * key, so the API applies it once; a definite answer ends the submission and the next gets a new key.
 */
export function useIdempotencyKey() {
  const pending = useRef<{ key: string; fingerprint: string } | null>(null);
  return useMemo(
    () => ({
      keyFor(fingerprint: string): string {
        if (pending.current?.fingerprint !== fingerprint) pending.current = { key: crypto.randomUUID(), fingerprint };
        return pending.current.key;
      },
      /** Call with the answer: a definite one (success or the API's refusal) retires the key. */
      settle(outcome: Outcome<unknown>): void {
        if (!outcomeUnknown(outcome)) pending.current = null;
      },
    }),
    [],
  );
}

/** No answer, or a server error: the request may or may not have taken effect. */
export function outcomeUnknown(outcome: Outcome<unknown>): boolean {
  return !outcome.ok && (outcome.failure.kind === 'unreachable' || outcome.failure.status >= 500);
}
