import type { ErrorResponseDto } from '@leadflow/api-client';

/**
 * What an SDK call settles to. The generated types promise a `response`, but on a network
 * failure (fetch threw) the client returns none — so it is optional here.
 */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The API answered with an error (4xx/5xx in the common `{ statusCode, error, message, details? }` shape). */
export interface ApiFailure {
  kind: 'api';
  status: number;
  message: string;
  /** Field name → its messages, from `details`. */
  fields: Record<string, string[]>;
  /** Seconds, from `Retry-After` on 429. */
  retryAfter?: number;
}

/** Nothing that speaks for the API answered: no response, or a gateway saying the API is down. */
export interface UnreachableFailure {
  kind: 'unreachable';
}

export type Failure = ApiFailure | UnreachableFailure;

export type Outcome<T> = { ok: true; data: T } | { ok: false; failure: Failure };

const GATEWAY_STATUSES = new Set([502, 503, 504]);

function isErrorResponse(value: unknown): value is ErrorResponseDto {
  if (typeof value !== 'object' || value === null) return false;
  const { statusCode, message } = value as Record<string, unknown>;
  return typeof statusCode === 'number' && typeof message === 'string';
}

export function toOutcome<T>(result: SdkResult<T>): Outcome<T> {
  const { data, error, response } = result;
  if (!response) return { ok: false, failure: { kind: 'unreachable' } };
  if (response.ok && data !== undefined) return { ok: true, data };

  // The API always answers in its own error shape; a bare 502/503/504 comes from a proxy in front
  // of it (Vite's dev proxy, a load balancer) and means the API itself is not there.
  if (!isErrorResponse(error)) {
    if (GATEWAY_STATUSES.has(response.status)) return { ok: false, failure: { kind: 'unreachable' } };
    return {
      ok: false,
      failure: {
        kind: 'api',
        status: response.status,
        message: `Something went wrong (${response.status}). Please try again.`,
        fields: {},
      },
    };
  }

  const fields: Record<string, string[]> = {};
  // A detail without its messages still names the field; the message then says what is wrong.
  for (const detail of error.details ?? []) if (Array.isArray(detail.messages)) (fields[detail.field] ??= []).push(...detail.messages);
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    failure: {
      kind: 'api',
      status: response.status,
      message: error.message,
      fields,
      ...(retryAfter > 0 ? { retryAfter } : {}),
    },
  };
}

/** "Too many attempts…", with how long to wait when the API said. */
export function tooManyAttemptsMessage(retryAfter: number | undefined): string {
  if (!retryAfter) return 'Too many attempts. Please wait a moment and try again.';
  if (retryAfter < 90) return `Too many attempts. Please wait ${retryAfter} seconds and try again.`;
  return `Too many attempts. Please wait ${Math.ceil(retryAfter / 60)} minutes and try again.`;
}
