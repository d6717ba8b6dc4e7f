import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature` as Twilio computes it for a form-encoded webhook: base64 HMAC-SHA1, keyed by
 * the auth token, of the exact URL it requests followed by every POST parameter, sorted by name,
 * as name + value with no separators.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
