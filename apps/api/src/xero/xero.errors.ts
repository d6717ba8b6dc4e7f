/** Xero is not connected (or Xero no longer accepts the connection): an admin has to connect it. */
export class XeroNotConnectedError extends Error {
  constructor(message = 'Xero is not connected; an admin must connect it under Admin → Xero') {
    super(message);
    this.name = 'XeroNotConnectedError';
  }
}

/** Xero answered 429 (or our per-tenant concurrency slots stayed full); retry after `retryAfterMs`. */
export class XeroRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Xero rate limit reached; retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'XeroRateLimitedError';
  }
}

/** Any other failed Xero call (5xx, network, validation). `statusCode` 0 = no HTTP answer. */
export class XeroApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'XeroApiError';
  }
}

export type XeroConnectFailure = 'invalid_state' | 'missing_code' | 'token_exchange_failed' | 'no_organisation' | 'xero_unavailable';

/** The OAuth2 callback could not complete; `reason` is the short code shown to the admin. */
export class XeroConnectError extends Error {
  constructor(
    readonly reason: XeroConnectFailure,
    message: string = reason,
  ) {
    super(message);
    this.name = 'XeroConnectError';
  }
}

/** The token endpoint refused a grant (`invalid_grant`: spent, revoked or expired code/refresh token). */
export class XeroTokenError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
  ) {
    super(`Xero token endpoint answered ${statusCode} ${error}`);
    this.name = 'XeroTokenError';
  }
}

/** Retry-After is seconds or an HTTP date; Xero sends seconds. Always > 0. */
export function retryAfterMs(header: unknown, now = Date.now()): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value === 'string' || typeof value === 'number') {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds > 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(String(value));
    if (Number.isFinite(date) && date > now) return date - now;
  }
  return 60_000;
}
