import type { Response } from 'express';
import type { InjectedError } from '../core/failures';

export const API_VERSION = '2010-04-01';

/** A Twilio REST error; `body()` is exactly the four keys the SDK's RestException reads. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  body(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

export function sendTwilioError(res: Response, error: TwilioApiError): void {
  if (error.status === 401) res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
  res.status(error.status).json(error.body());
}

/** What Twilio says for the codes a test is likely to inject, so an injected error reads like the real one. */
export const ERROR_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20429: 'Too Many Requests',
  20500: 'An internal server error has occurred',
  21211: "The 'To' number is not a valid phone number.",
  21408: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
  21610: 'Attempt to send to unsubscribed recipient',
  21612: "The 'To' phone number is not currently reachable via SMS",
  21614: "'To' number is not a valid mobile number",
  30001: 'Queue overflow',
  30002: 'Account suspended',
  30003: 'Unreachable destination handset',
  30004: 'Message blocked',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
};

/** Renders a failure armed on `twilio.messages.*` (by `/_sandbox/fail` or `/_sandbox/twilio/fail`). */
export function renderTwilioFailure(res: Response, e: InjectedError): void {
  const status = e.status ?? 400;
  const code = Number(e.code) || (status === 429 ? 20429 : status >= 500 ? 20500 : 21000 + (status % 100));
  sendTwilioError(res, new TwilioApiError(status, code, e.message ?? ERROR_MESSAGES[code] ?? `Sandbox: injected error ${code}`));
}

/** RFC 2822 in UTC, as Twilio writes `date_created`: `Tue, 01 Dec 2026 10:00:00 +0000`. */
export function rfc2822(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

export const E164 = /^\+[1-9]\d{7,14}$/;
const SHORT_CODE = /^\d{5,6}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
export const MESSAGING_SERVICE_SID = /^MG[0-9a-f]{32}$/;
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

export function isSenderId(from: string): boolean {
  return E164.test(from) || SHORT_CODE.test(from) || ALPHANUMERIC_SENDER.test(from);
}
