import type { Clock } from '../core/clock';
import { randomHex } from '../core/ids';
import { Background } from './background';
import { AUTO_REPLIES, keywordOf, type OptOutType } from './keywords';
import type { MessageStatus, SmsMessage } from './message';
import { countSegments } from './segments';
import { WebhookPoster, type WebhookAttempt } from './webhook-poster';
import { ACCOUNT_SID, API_VERSION, E164, ERROR_MESSAGES, isSenderId, MESSAGING_SERVICE_SID, TwilioApiError } from './wire';

export const DEFAULT_ACCOUNT_SID = 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const DEFAULT_AUTH_TOKEN = 'sandbox_twilio_auth_token';
export const DEFAULT_STATUS_DELAY_MS = 50;

export interface TwilioConfig {
  accountSid?: string;
  authToken?: string;
  inboundUrl?: string;
}

export interface SendInput {
  to?: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  statusCallback?: string;
}

export interface InboundResult {
  sid: string;
  optOutType: OptOutType | null;
  delivered: { status: number | null; error?: string } | null;
}

/** A bad control request (answered 400 `{ error }`, or 404 when `notFound`). */
export class TwilioControlError extends Error {
  constructor(
    message: string,
    readonly notFound = false,
  ) {
    super(message);
  }
}

type FinalFailure = 'undelivered' | 'failed';

interface Step {
  status: MessageStatus;
  errorCode?: number;
  errorMessage?: string;
}

interface DeliveryFailure {
  remaining: number;
  code: number;
  message?: string;
  finalStatus: FinalFailure;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Twilio Programmable Messaging's state: messages, opt-outs, status progression and the webhooks it
 * posts. A message moves on by itself (queued → sent → delivered, one step every `statusDelayMs`), and
 * each change after the first is POSTed to its StatusCallback in order.
 */
export class TwilioStore {
  readonly accountSid: string;
  readonly authToken: string;
  statusDelayMs = DEFAULT_STATUS_DELAY_MS;
  private inboundUrl: string | undefined;
  private messages: SmsMessage[] = [];
  /** `${recipient} ${sender}` where sender is a number, a sender id or a Messaging Service sid. */
  private optOuts = new Set<string>();
  private deliveryFailures: DeliveryFailure[] = [];
  private serviceNumbers = new Map<string, string>();
  private numberServices = new Map<string, string>();
  private readonly poster: WebhookPoster;
  /** A message's automatic progress; cancelling it wakes its sleep, so nothing waits on a progress that will not happen. */
  private readonly progressions = new Map<string, { cancelled: boolean; wake: () => void }>();
  private readonly callbackChains = new Map<string, Promise<WebhookAttempt | undefined>>();
  private readonly background = new Background();

  constructor(
    private readonly clock: Clock,
    config: TwilioConfig,
    log: (line: string) => void,
  ) {
    this.accountSid = config.accountSid ?? DEFAULT_ACCOUNT_SID;
    this.authToken = config.authToken ?? DEFAULT_AUTH_TOKEN;
    if (!ACCOUNT_SID.test(this.accountSid)) throw new Error(`twilio.accountSid must be 'AC' and 32 hex digits (got '${this.accountSid}')`);
    if (!this.authToken) throw new Error('twilio.authToken must not be empty');
    this.inboundUrl = config.inboundUrl || undefined;
    this.poster = new WebhookPoster({ authToken: this.authToken, timeoutMs: 5000, now: () => clock.nowMs(), log });
  }

  // ------------------------------------------------------------------ sending

  /** `POST Messages.json`: validates like Twilio (throws TwilioApiError), stores the text and sets it moving. */
  send(input: SendInput): SmsMessage {
    const { to, from, body, statusCallback } = input;
    const service = input.messagingServiceSid || undefined;
    if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !service) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
    if (from && !isSenderId(from))
      throw new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
    if (service && !MESSAGING_SERVICE_SID.test(service))
      throw new TwilioApiError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
    if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.');
    if ([...body].length > 1600) throw new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (statusCallback && !isHttpUrl(statusCallback))
      throw new TwilioApiError(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
    const sender = from || this.serviceNumber(service as string);
    if (sender === to) throw new TwilioApiError(400, 21266, `'To' and 'From' number cannot be the same: ${to}`);
    if (this.isOptedOut(to, [sender, service])) throw new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient');
    if (service) this.numberServices.set(sender, this.numberServices.get(sender) ?? service);

    const message = this.record({
      direction: 'outbound-api',
      to,
      from: from || null,
      sender,
      messagingServiceSid: service ?? null,
      body,
      // A Messaging Service accepts first and picks the sender when it queues the text.
      status: service ? 'accepted' : 'queued',
      statusCallback: statusCallback || null,
    });
    this.progress(message, this.plan(message));
    return message;
  }

  private plan(message: SmsMessage): Step[] {
    const steps: Step[] = message.status === 'accepted' ? [{ status: 'queued' }] : [];
    const failure = this.takeDeliveryFailure();
    const error = failure && { errorCode: failure.code, errorMessage: failure.message ?? ERROR_MESSAGES[failure.code] ?? 'Unknown error' };
    if (failure?.finalStatus === 'failed') return [...steps, { status: 'failed', ...error }];
    return [...steps, { status: 'sent' }, error ? { status: 'undelivered', ...error } : { status: 'delivered' }];
  }

  /** Each Messaging Service texts from a number of its own (fictional, 555-01xx). */
  private serviceNumber(service: string): string {
    let number = this.serviceNumbers.get(service);
    if (!number) {
      number = `+1202555${String(101 + this.serviceNumbers.size).padStart(4, '0')}`;
      this.serviceNumbers.set(service, number);
    }
    return number;
  }

  private record(
    fields: Pick<SmsMessage, 'direction' | 'to' | 'from' | 'sender' | 'messagingServiceSid' | 'body' | 'status' | 'statusCallback'>,
  ): SmsMessage {
    const now = this.clock.nowMs();
    const message: SmsMessage = {
      ...fields,
      sid: `SM${randomHex(16)}`,
      accountSid: this.accountSid,
      numSegments: countSegments(fields.body).segments,
      errorCode: null,
      errorMessage: null,
      createdMs: now,
      updatedMs: now,
      sentMs: fields.direction === 'outbound-api' ? null : now,
    };
    this.messages.push(message);
    return message;
  }

  get(sid: string): SmsMessage | undefined {
    return this.messages.find((m) => m.sid === sid);
  }

  /** Newest first; `to`/`from` match exactly. */
  list(filter: { to?: string; from?: string } = {}): SmsMessage[] {
    return [...this.messages]
      .reverse()
      .filter((m) => (!filter.to || m.to === filter.to) && (!filter.from || (m.from ?? m.sender) === filter.from));
  }

  // ------------------------------------------------------------------ status progression and callbacks

  private progress(message: SmsMessage, steps: Step[]): void {
    const token = { cancelled: false, wake: (): void => undefined };
    this.progressions.set(message.sid, token);
    const run = async (): Promise<void> => {
      for (const step of steps) {
        await this.background.sleep(this.statusDelayMs, (wake) => (token.wake = wake));
        if (token.cancelled) return;
        this.apply(message, step);
        void this.postStatus(message);
      }
      if (this.progressions.get(message.sid) === token) this.progressions.delete(message.sid);
    };
    this.background.track(run());
  }

  private apply(message: SmsMessage, step: Step): void {
    const now = this.clock.nowMs();
    message.status = step.status;
    message.updatedMs = now;
    if (message.from === null && step.status !== 'accepted') message.from = message.sender;
    if (['sent', 'delivered', 'undelivered', 'read'].includes(step.status)) message.sentMs ??= now;
    const failed = step.status === 'failed' || step.status === 'undelivered';
    message.errorCode = failed ? (step.errorCode ?? 30008) : null;
    message.errorMessage = failed ? (step.errorMessage ?? ERROR_MESSAGES[message.errorCode ?? 30008] ?? null) : null;
  }

  private statusParams(message: SmsMessage): Record<string, string> {
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: message.accountSid,
      From: message.from ?? message.sender,
      To: message.to,
      MessageStatus: message.status,
      SmsStatus: message.status,
      ApiVersion: API_VERSION,
    };
    if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
    if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
    return params;
  }

  /** Queues the message's current status for its StatusCallback; one message's callbacks go out one after another. */
  private postStatus(message: SmsMessage): Promise<WebhookAttempt | undefined> {
    const url = message.statusCallback;
    if (!url) return Promise.resolve(undefined);
    const params = this.statusParams(message);
    const epoch = this.background.epoch;
    const previous = this.callbackChains.get(message.sid) ?? Promise.resolve(undefined);
    const next = previous.then(() => (epoch === this.background.epoch ? this.poster.post('status', message.sid, url, params) : undefined));
    this.callbackChains.set(message.sid, next);
    this.background.track(
      next.finally(() => {
        if (this.callbackChains.get(message.sid) === next) this.callbackChains.delete(message.sid);
      }),
    );
    return next;
  }

  /** Sets a status by hand (stopping the automatic progression) and posts its callback, again if need be. */
  async setStatus(
    sid: string,
    status: MessageStatus,
    errorCode?: number,
  ): Promise<{ message: SmsMessage; callback: WebhookAttempt | null }> {
    const message = this.get(sid);
    if (!message) throw new TwilioControlError(`no such message: ${sid}`, true);
    if (!message.statusCallback) throw new TwilioControlError(`message ${sid} was sent without a StatusCallback`);
    const progression = this.progressions.get(sid);
    if (progression) {
      progression.cancelled = true;
      progression.wake();
    }
    this.progressions.delete(sid);
    this.apply(message, { status, errorCode });
    return { message, callback: (await this.postStatus(message)) ?? null };
  }

  // ------------------------------------------------------------------ replies and opt-outs

  setInboundUrl(url: string | undefined): void {
    this.inboundUrl = url || undefined;
  }

  getInboundUrl(): string | null {
    return this.inboundUrl ?? null;
  }

  /** A text from a handset to one of our numbers: keywords first (as Twilio handles them), then the inbound webhook. */
  async inbound(input: { from: string; to?: string; body: string }): Promise<InboundResult> {
    const { from, body } = input;
    if (!E164.test(from)) throw new TwilioControlError(`from must be an E.164 number (got '${from}')`);
    if (input.to !== undefined && !isSenderId(input.to)) throw new TwilioControlError(`to must be one of our numbers (got '${input.to}')`);
    const to = input.to ?? this.list({ to: from }).find((m) => m.direction !== 'inbound')?.sender;
    if (!to) throw new TwilioControlError(`nothing was texted to ${from}, so give "to" (the number it replies to)`);
    const service = this.numberServices.get(to) ?? null;
    const message = this.record({
      direction: 'inbound',
      to,
      from,
      sender: from,
      messagingServiceSid: service,
      body,
      status: 'received',
      statusCallback: null,
    });
    const optOutType = keywordOf(body);
    const keys = [to, service].filter((s): s is string => s !== null).map((sender) => `${from} ${sender}`);
    if (optOutType === 'STOP') for (const key of keys) this.optOuts.add(key);
    if (optOutType === 'START') for (const key of keys) this.optOuts.delete(key);
    if (optOutType) {
      this.record({
        direction: 'outbound-reply',
        to: from,
        from: to,
        sender: to,
        messagingServiceSid: service,
        body: AUTO_REPLIES[optOutType],
        status: 'delivered',
        statusCallback: null,
      });
    }
    if (!this.inboundUrl) return { sid: message.sid, optOutType, delivered: null };
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: this.accountSid,
      ...(service ? { MessagingServiceSid: service } : {}),
      From: from,
      To: to,
      Body: body,
      NumMedia: '0',
      NumSegments: String(message.numSegments),
      SmsStatus: 'received',
      ApiVersion: API_VERSION,
      ...(optOutType ? { OptOutType: optOutType } : {}),
    };
    const posting = this.poster.post('inbound', message.sid, this.inboundUrl, params);
    this.background.track(posting);
    const attempt = await posting;
    return { sid: message.sid, optOutType, delivered: { status: attempt.status, ...(attempt.error ? { error: attempt.error } : {}) } };
  }

  private isOptedOut(recipient: string, senders: Array<string | undefined>): boolean {
    return senders.some((sender) => sender !== undefined && this.optOuts.has(`${recipient} ${sender}`));
  }

  optOutList(): Array<{ recipient: string; sender: string }> {
    return [...this.optOuts].map((key) => {
      const [recipient, sender] = key.split(' ');
      return { recipient, sender };
    });
  }

  // ------------------------------------------------------------------ injected delivery failures, housekeeping

  /** The next `count` accepted texts end `finalStatus` with `code` instead of being delivered. */
  armDeliveryFailure(failure: DeliveryFailure): void {
    this.deliveryFailures.push({ ...failure });
  }

  armedDeliveryFailures(): DeliveryFailure[] {
    return this.deliveryFailures.map((f) => ({ ...f }));
  }

  private takeDeliveryFailure(): DeliveryFailure | undefined {
    const failure = this.deliveryFailures[0];
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) this.deliveryFailures.shift();
    return failure;
  }

  callbacks(): WebhookAttempt[] {
    return this.poster.list();
  }

  /** Resolves once every status change due so far has happened and every webhook started has been answered. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /** Stops every progression (they wake and see they are cancelled) and drops callbacks not yet started. */
  private stop(): void {
    for (const progression of this.progressions.values()) progression.cancelled = true;
    this.progressions.clear();
    this.background.stop();
  }

  /** Forgets every text, opt-out, callback and armed failure; the inbound URL (configuration) stays. */
  reset(): void {
    this.stop();
    this.messages = [];
    this.optOuts.clear();
    this.deliveryFailures = [];
    this.serviceNumbers.clear();
    this.numberServices.clear();
    this.poster.clear();
    this.statusDelayMs = DEFAULT_STATUS_DELAY_MS;
  }

  close(): void {
    this.stop();
  }
}
