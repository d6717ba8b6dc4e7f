import { Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../../activity';
import { UsageService } from '../../billing';
import { Transactions } from '../../core/database/transactions';
import { maskPhone } from './mobile-number';
import { SmsMessageRepository } from './sms-message.repository';
import { SmsNumberRepository } from './sms-number.repository';
import { ourStatus } from './sms-sender';
import { describeTwilioError } from './twilio-errors';

/** Twilio's opt-out and opt-in keywords (the whole reply, any case). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'YES', 'UNSTOP']);

/** What Twilio tells us after the fact: a text's fate (status callbacks) and replies (STOP/START). */
@Injectable()
export class TwilioWebhooksService {
  private readonly logger = new Logger(TwilioWebhooksService.name);

  constructor(
    private readonly messages: SmsMessageRepository,
    private readonly numbers: SmsNumberRepository,
    private readonly usage: UsageService,
    private readonly activity: ActivityService,
    private readonly transactions: Transactions,
  ) {}

  /**
   * A status callback. Applied only when it moves the text forward (callbacks may come out of order
   * or more than once); a text that ends `undelivered` or `failed` is refunded, once.
   */
  async status(params: Record<string, string>): Promise<void> {
    const sid = params.MessageSid ?? params.SmsSid;
    const status = ourStatus(params.MessageStatus ?? params.SmsStatus ?? '');
    if (!sid || !status) return;
    const code = params.ErrorCode && /^\d+$/.test(params.ErrorCode) ? Number(params.ErrorCode) : null;
    await this.transactions.run(async (tx) => {
      const message = await this.messages.bySid(tx, sid);
      if (!message) return this.logger.warn({ sid }, 'Status callback for a text we do not know; ignored');
      const moved = await this.messages.advance(tx, message, status, { code, message: describeTwilioError(code) });
      if (moved && (status === 'undelivered' || status === 'failed'))
        await this.usage.refundSms(tx, message.id, `Twilio: ${status}${code ? ` ${code}` : ''}`);
    });
  }

  /** A reply. STOP (and Twilio's other opt-out words) switch texts off for that phone; START back on. */
  async inbound(params: Record<string, string>): Promise<void> {
    const from = params.From ?? '';
    const word = (params.Body ?? '').trim().toUpperCase();
    const optOut = params.OptOutType === 'STOP' || STOP_WORDS.has(word);
    const optIn = params.OptOutType === 'START' || START_WORDS.has(word);
    if (!from || (!optOut && !optIn)) return;
    await this.transactions.run(async (tx) => {
      const changed = await this.numbers.setOptedOut(tx, from, optOut);
      for (const n of changed)
        await this.activity.record(tx, {
          clientId: n.clientId,
          actorUserId: null,
          action: optOut ? 'sms_number.opted_out' : 'sms_number.opted_in',
          after: { numberId: n.id, phone: maskPhone(from), reply: word.slice(0, 20) },
        });
    });
  }
}
