import { Injectable } from '@nestjs/common';
import { Transactions } from '../../core/database/transactions';
import type { SmsJobs } from '../../core/queue/queues';
import { SmsMessageRepository } from './sms-message.repository';
import { SmsNumberRepository } from './sms-number.repository';
import { SmsSender } from './sms-sender';
import { VERIFICATION_TEXT_STORED, verificationText } from './sms-texts';
import { CODE_TTL_MS, codeHash, newCode } from './verification-code';

/**
 * Texts a verification code. The worker makes the code, stores only its hash and texts it, so the
 * code is in no queue, row or log. A request superseded by a newer one is dropped; a retried job
 * whose code was made already does not text a second code (the person asks again instead).
 */
@Injectable()
export class SmsVerification {
  constructor(
    private readonly numbers: SmsNumberRepository,
    private readonly messages: SmsMessageRepository,
    private readonly sender: SmsSender,
    private readonly transactions: Transactions,
  ) {}

  async sendCode(job: SmsJobs['sms.verify']): Promise<void> {
    const code = newCode();
    const made = await this.transactions.run(async (tx) => {
      const number = await this.numbers.locked(tx, job.numberId);
      if (!number || number.verifiedAt || number.codeRequestedAt?.toISOString() !== job.requestedAt) return null;
      const message = await this.messages.insertIfNew(tx, {
        clientId: number.clientId,
        numberId: number.id,
        toPhone: number.phone,
        kind: 'verification',
        cause: `code:${number.id}:${Date.parse(job.requestedAt)}`,
        body: VERIFICATION_TEXT_STORED,
        status: 'pending',
      });
      if (!message) return null;
      await this.numbers.update(tx, number.id, {
        codeHash: codeHash(number.id, code),
        codeExpiresAt: new Date(Date.now() + CODE_TTL_MS),
        codeAttempts: 0,
      });
      return message;
    });
    if (made) await this.sender.send(made, { body: verificationText(code), billable: false });
  }
}
