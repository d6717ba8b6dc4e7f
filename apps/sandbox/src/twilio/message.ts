import { API_VERSION, rfc2822 } from './wire';

export type MessageStatus =
  'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received' | 'read' | 'canceled';
export type MessageDirection = 'outbound-api' | 'outbound-reply' | 'inbound';

export const SETTABLE_STATUSES: readonly MessageStatus[] = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
];

export interface SmsMessage {
  sid: string;
  accountSid: string;
  to: string;
  /** As the API shows it: null while a Messaging Service has not yet picked the sender. */
  from: string | null;
  /** The number (or sender id) the text goes out from, known from the start. */
  sender: string;
  messagingServiceSid: string | null;
  body: string;
  status: MessageStatus;
  direction: MessageDirection;
  numSegments: number;
  errorCode: number | null;
  errorMessage: string | null;
  createdMs: number;
  updatedMs: number;
  sentMs: number | null;
  statusCallback: string | null;
}

export function messageUri(m: Pick<SmsMessage, 'accountSid' | 'sid'>, suffix = '.json'): string {
  return `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}${suffix}`;
}

/** The Message resource exactly as `GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json` answers it. */
export function messageResource(m: SmsMessage): Record<string, unknown> {
  return {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.createdMs),
    date_sent: rfc2822(m.sentMs),
    date_updated: rfc2822(m.updatedMs),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    num_segments: String(m.numSegments),
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.status,
    subresource_uris: { media: messageUri(m, '/Media.json'), feedback: messageUri(m, '/Feedback.json') },
    to: m.to,
    uri: messageUri(m),
  };
}

/** The control API's view (`/_sandbox/twilio/messages`). */
export function messageSummary(m: SmsMessage): Record<string, unknown> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    sid: m.sid,
    direction: m.direction,
    to: m.to,
    from: m.from ?? m.sender,
    messagingServiceSid: m.messagingServiceSid,
    body: m.body,
    status: m.status,
    numSegments: m.numSegments,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    dateCreated: iso(m.createdMs),
    dateUpdated: iso(m.updatedMs),
    dateSent: iso(m.sentMs),
    statusCallback: m.statusCallback,
  };
}
