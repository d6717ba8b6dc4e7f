/** What Twilio's commonest message error codes mean, in words a client understands. */
const MEANINGS: Record<number, string> = {
  21211: 'not a valid phone number',
  21408: 'texts to this country are not enabled',
  21610: 'the number replied STOP (unsubscribed)',
  21612: 'this route cannot reach the number',
  21614: 'not a mobile number',
  30003: 'the phone is off or unreachable',
  30004: 'the message was blocked',
  30005: 'the number is unknown or no longer in use',
  30006: 'a landline or an unreachable carrier',
  30007: 'the carrier filtered the message',
  30008: 'unknown error from the carrier',
};

export function describeTwilioError(code: number | null, fallback?: string | null): string | null {
  if (code === null) return fallback ?? null;
  return `${code}: ${MEANINGS[code] ?? fallback ?? 'see Twilio’s error reference'}`;
}
