export interface StoredResponse {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  result: Promise<StoredResponse>;
}

export type IdempotencyOutcome =
  { kind: 'fresh'; result: StoredResponse } | { kind: 'replay'; result: StoredResponse } | { kind: 'mismatch' };

/**
 * Stripe's idempotency: the first request under a key runs, every later one with the same
 * fingerprint gets its response back (waiting for it if it is still running — the entry is
 * registered synchronously before any await, so parallel requests cannot both run);
 * a different fingerprint under the same key is refused.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async run(
    scope: string,
    fingerprint: string,
    execute: () => Promise<StoredResponse>,
    shouldKeep: (r: StoredResponse) => boolean,
  ): Promise<IdempotencyOutcome> {
    const existing = this.entries.get(scope);
    if (existing) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return { kind: 'replay', result: await existing.result };
    }
    const result = execute();
    this.entries.set(scope, { fingerprint, result });
    const settled = await result.catch((error: unknown) => {
      this.entries.delete(scope);
      throw error;
    });
    if (!shouldKeep(settled)) this.entries.delete(scope);
    return { kind: 'fresh', result: settled };
  }

  clear(): void {
    this.entries.clear();
  }
}
