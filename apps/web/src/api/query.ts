import { client } from '@leadflow/api-client';
import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { toOutcome, type Failure } from './api-result';

/**
 * What a generated query or mutation throws: the API's refusal (status, message, field errors) or
 * "the API could not be reached". The client's error interceptor builds it for every call that
 * throws (the TanStack Query options do), so screens read one shape whatever failed.
 */
export class ApiError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind === 'api' ? failure.message : "We couldn't reach LeadFlow.");
    this.name = 'ApiError';
  }
}

/** The failure behind anything a query threw (a bug in a query function reads as a plain message). */
export function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) return error.failure;
  return { kind: 'api', status: 0, message: error instanceof Error ? error.message : 'Something went wrong.', fields: {} };
}

/** The sentence to show for a failed load. */
export function failureMessage(error: unknown): string {
  const failure = failureOf(error);
  return failure.kind === 'api' ? failure.message : "We couldn't reach LeadFlow.";
}

/** The HTTP status a query failed with (0 when the API was not reached). */
export function failureStatus(error: unknown): number {
  const failure = failureOf(error);
  return failure.kind === 'api' ? failure.status : 0;
}

let installed = false;

/** Turns what the SDK throws (with `throwOnError`) into an ApiError; calls that return their error are left alone. */
export function installQueryErrors(): void {
  if (installed) return;
  installed = true;
  client.interceptors.error.use((error, response, _request, options) => {
    if (!options.throwOnError) return error;
    const outcome = toOutcome({ error, response });
    return new ApiError(outcome.ok ? { kind: 'unreachable' } : outcome.failure);
  });
}

const isUnreachable = (error: unknown) => error instanceof ApiError && error.failure.kind === 'unreachable';

/**
 * The app's cache. An unreachable API switches the app to the offline page (the screens only
 * handle the API's own answers, and everything loads again when it is back); the API's refusals
 * are not retried: asking again gets the same answer.
 */
export function createQueryClient(onUnreachable: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => isUnreachable(error) && onUnreachable() }),
    mutationCache: new MutationCache({ onError: (error) => isUnreachable(error) && onUnreachable() }),
    defaultOptions: {
      queries: {
        // Shown at once from the cache, and read again whenever a screen opens: money and leads move.
        staleTime: 0,
        retry: false,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
