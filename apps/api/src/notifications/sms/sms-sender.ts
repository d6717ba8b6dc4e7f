import { Injectable, Logger } from '@nestjs/common';
import { LedgerService, UsageService } from '../../billing';
import { AppConfig } from '../../core/config/app-config';
import { Transactions } from '../../core/database/transactions';
import type { SmsMessage, SmsStatus } from './entities/sms-message.entity';
import { SmsMessageRepository } from './sms-message.repository';
import { SmsNumberRepository } from './sms-number.repository';
import { TwilioClientFactory } from './twilio.client';
import { describeTwilioError } from './twilio-errors';

/** The path Twilio posts status callbacks to (and signs with the public URL in front). */
export const STATUS_CALLBACK_PATH = '/api/sms/twilio/status';
/** Twilio's error for a number that replied STOP. */
export const UNSUBSCRIBED = 21610;

/** Twilio's message statuses, as ours. */
export function ourStatus(twilioStatus: string): SmsStatus | null {
  switch (twilioStatus) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

interface TwilioError {
  status: number;
  code: number;
  message: string;
}

/** A refusal Twilio gave in its own words (RestException: a 4xx with a code): sending again would not help. */
function refusal(err: unknown): TwilioError | null {
  const e = err as Partial<TwilioError> | null;
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.code === 'number')
    return { status: e.status, code: e.code, message: String(e.message ?? 'refused') };
  return null;
}

/**
 * Sends one pending text through Twilio and records what became of it. Once Twilio takes it, the
 * message's status and its usage charge are written together (the charge once, by the message id).
 * A refusal (invalid number, unsubscribed…) fails the message for good, uncharged; a network error
 * or a 5xx throws so the job is retried.
 */
@Injectable()
export class SmsSender {
  private readonly logger = new Logger(SmsSender.name);

  constructor(
    private readonly twilio: TwilioClientFactory,
    private readonly messages: SmsMessageRepository,
    private readonly numbers: SmsNumberRepository,
    private readonly usage: UsageService,
    private readonly ledger: LedgerService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** `body` when what is sent differs from what is stored (a verification code). */
  async send(m: SmsMessage, opts: { body?: string; billable?: boolean } = {}): Promise<void> {
    if (m.status !== 'pending') return;
    let created: { sid: string; status: string; numSegments: string };
    try {
      created = await this.twilio.get().messages.create({
        to: m.toPhone,
        from: this.config.twilio!.fromNumber,
        body: opts.body ?? m.body,
        statusCallback: `${this.config.twilio!.webhookBaseUrl}${STATUS_CALLBACK_PATH}`,
      });
    } catch (err) {
      const refused = refusal(err);
      if (!refused) throw err;
      this.logger.warn({ messageId: m.id, code: refused.code }, 'Twilio refused a text');
      await this.messages.notSent(m.id, 'failed', { code: refused.code, message: describeTwilioError(refused.code, refused.message)! });
      if (refused.code === UNSUBSCRIBED) await this.transactions.run((tx) => this.numbers.setOptedOut(tx, m.toPhone, true));
      return;
    }
    const segments = Math.max(1, Number(created.numSegments) || 1);
    const charged = await this.transactions.run(async (tx) => {
      await this.messages.accepted(tx, m.id, { sid: created.sid, status: ourStatus(created.status) ?? 'queued', segments });
      return this.usage.chargeSms(tx, { clientId: m.clientId, messageId: m.id, segments, billable: opts.billable ?? true });
    });
    if (charged.charge?.outcome === 'applied') await this.ledger.runAfterCharge(charged.charge.account, charged.charge.entry);
  }
}
