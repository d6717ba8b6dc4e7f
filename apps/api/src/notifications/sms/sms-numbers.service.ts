import { ConflictException, HttpException, HttpStatus, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { ActivityService } from '../../activity';
import { AppConfig } from '../../core/config/app-config';
import { isUniqueViolation } from '../../core/database/sql';
import { Transactions } from '../../core/database/transactions';
import { JobQueue } from '../../core/queue/job-queue';
import { QUEUES } from '../../core/queue/queues';
import type { AddSmsNumberDto, SmsNumberDto, SmsNumberListDto, UpdateSmsNumberDto } from './dto/sms-numbers.dto';
import type { SmsNumber } from './entities/sms-number.entity';
import { maskPhone, mobileNumber } from './mobile-number';
import { SmsNumberRepository } from './sms-number.repository';
import { TwilioClientFactory } from './twilio.client';
import { SmsMessageRepository } from './sms-message.repository';
import { CODE_ATTEMPTS, codeMatches, CODES_PER_CLIENT_PER_HOUR, RESEND_AFTER_MS } from './verification-code';

const MAX_NUMBERS_PER_PERSON = 5;

export interface Person {
  clientId: string;
  userId: string;
}

/** A person's alert numbers: add one (a code is texted), verify it, choose its alerts, remove it. */
@Injectable()
export class SmsNumbersService {
  constructor(
    private readonly numbers: SmsNumberRepository,
    private readonly messages: SmsMessageRepository,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly activity: ActivityService,
    private readonly twilio: TwilioClientFactory,
    private readonly config: AppConfig,
  ) {}

  async list(p: Person): Promise<SmsNumberListDto> {
    const rows = await this.numbers.ofUser(p.clientId, p.userId);
    const problems = await this.messages.lastProblems(rows.map((r) => r.id));
    return {
      items: rows.map((r) => toDto(r, problems.get(r.id) ?? null)),
      available: this.twilio.configured,
      pricePerSegment: this.config.sms.pricePerSegment,
    };
  }

  async add(p: Person, dto: AddSmsNumberDto): Promise<SmsNumberDto> {
    if (!this.twilio.configured) this.twilio.get(); // 503, naming what is missing
    const phone = mobileNumber(dto.phone);
    if (!phone)
      throw new UnprocessableEntityException(
        `phone: '${dto.phone.slice(0, 32)}' is not a mobile number we can text (a UK mobile such as 07700 900123, or + and the country code)`,
      );
    await this.withinCodeBudget(p.clientId);
    const mine = await this.numbers.ofUser(p.clientId, p.userId);
    if (mine.length >= MAX_NUMBERS_PER_PERSON)
      throw new UnprocessableEntityException(`You have ${MAX_NUMBERS_PER_PERSON} numbers already: remove one to add another`);
    const requestedAt = new Date();
    let row: SmsNumber;
    try {
      row = await this.transactions.run(async (tx) => {
        const created = await this.numbers.insert(tx, { clientId: p.clientId, userId: p.userId, phone, codeRequestedAt: requestedAt });
        await this.activity.record(tx, {
          clientId: p.clientId,
          actorUserId: p.userId,
          action: 'sms_number.added',
          after: { numberId: created.id, phone: maskPhone(phone) },
        });
        return created;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'sms_numbers_user_phone_key')) throw new ConflictException(`You have added ${maskPhone(phone)} already`);
      throw err;
    }
    await this.sendCode(row.id, requestedAt);
    return toDto(row);
  }

  async resend(p: Person, id: string): Promise<SmsNumberDto> {
    const row = await this.mine(p, id);
    if (row.verifiedAt) throw new ConflictException('This number is verified already');
    const wait = resendAt(row) - Date.now();
    if (wait > 0)
      throw new HttpException(`Wait ${Math.ceil(wait / 1000)} seconds before asking for another code`, HttpStatus.TOO_MANY_REQUESTS);
    await this.withinCodeBudget(p.clientId);
    const requestedAt = new Date();
    await this.numbers.update(undefined, id, { codeRequestedAt: requestedAt });
    await this.sendCode(id, requestedAt);
    return toDto({ ...row, codeRequestedAt: requestedAt });
  }

  async verify(p: Person, id: string, code: string): Promise<SmsNumberDto> {
    await this.mine(p, id);
    const outcome = await this.transactions.run(async (tx) => {
      const row = (await this.numbers.locked(tx, id))!;
      if (row.verifiedAt) return { row };
      if (!row.codeHash || !row.codeExpiresAt) return { error: 'No code has been sent yet: wait a moment, or ask for a new one' };
      if (row.codeAttempts >= CODE_ATTEMPTS)
        return { error: 'Too many wrong codes: ask for a new one', status: HttpStatus.TOO_MANY_REQUESTS };
      if (row.codeExpiresAt.getTime() <= Date.now()) return { error: 'The code has expired: ask for a new one' };
      if (!codeMatches(row.id, code, row.codeHash)) {
        const attempts = row.codeAttempts + 1;
        await this.numbers.update(tx, id, { codeAttempts: attempts });
        const left = CODE_ATTEMPTS - attempts;
        return {
          error:
            left > 0 ? `That code is not right: ${left} ${left === 1 ? 'try' : 'tries'} left` : 'Too many wrong codes: ask for a new one',
        };
      }
      const verifiedAt = new Date();
      await this.numbers.update(tx, id, { verifiedAt, codeHash: null, codeExpiresAt: null, codeAttempts: 0 });
      await this.activity.record(tx, {
        clientId: p.clientId,
        actorUserId: p.userId,
        action: 'sms_number.verified',
        after: { numberId: id, phone: maskPhone(row.phone) },
      });
      return { row: { ...row, verifiedAt, codeHash: null, codeExpiresAt: null } };
    });
    if ('error' in outcome) throw new HttpException(outcome.error!, outcome.status ?? HttpStatus.UNPROCESSABLE_ENTITY);
    return toDto(outcome.row!);
  }

  async update(p: Person, id: string, dto: UpdateSmsNumberDto): Promise<SmsNumberDto> {
    const before = await this.mine(p, id);
    const quietStart = dto.quietStart === undefined ? before.quietStart : dto.quietStart;
    const quietEnd = dto.quietEnd === undefined ? before.quietEnd : dto.quietEnd;
    if ((quietStart === null) !== (quietEnd === null))
      throw new UnprocessableEntityException('quietStart and quietEnd: give both hours for quiet hours, or both null for none');
    if (quietStart !== null && quietStart === quietEnd)
      throw new UnprocessableEntityException('quietEnd: quiet hours must end at another hour than they start');
    const patch = {
      newLeads: dto.newLeads ?? before.newLeads,
      lowBalance: dto.lowBalance ?? before.lowBalance,
      paymentFailed: dto.paymentFailed ?? before.paymentFailed,
      quietStart,
      quietEnd,
    };
    await this.transactions.run(async (tx) => {
      await this.numbers.update(tx, id, patch);
      await this.activity.record(tx, {
        clientId: p.clientId,
        actorUserId: p.userId,
        action: 'sms_number.updated',
        before: {
          numberId: id,
          newLeads: before.newLeads,
          lowBalance: before.lowBalance,
          paymentFailed: before.paymentFailed,
          quietStart: before.quietStart,
          quietEnd: before.quietEnd,
        },
        after: { numberId: id, ...patch },
      });
    });
    return toDto({ ...before, ...patch });
  }

  async remove(p: Person, id: string): Promise<void> {
    const row = await this.mine(p, id);
    await this.transactions.run(async (tx) => {
      await this.numbers.delete(tx, id);
      await this.activity.record(tx, {
        clientId: p.clientId,
        actorUserId: p.userId,
        action: 'sms_number.removed',
        before: { numberId: id, phone: maskPhone(row.phone) },
      });
    });
  }

  private async withinCodeBudget(clientId: string): Promise<void> {
    const sent = await this.messages.verificationsSince(clientId, new Date(Date.now() - 3_600_000));
    if (sent >= CODES_PER_CLIENT_PER_HOUR)
      throw new HttpException(
        `Your account has been sent ${sent} verification codes in the last hour: try again later`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
  }

  /** The worker texts the code (it makes the code, so the code is never in a queue or a log). */
  private async sendCode(numberId: string, requestedAt: Date): Promise<void> {
    await this.jobs.add(
      QUEUES.sms,
      'sms.verify',
      { numberId, requestedAt: requestedAt.toISOString() },
      { jobId: `sms.verify:${numberId}:${requestedAt.getTime()}` },
    );
  }

  /** The person's own number, or 404 (another person's or client's is never found). */
  private async mine(p: Person, id: string): Promise<SmsNumber> {
    const row = await this.numbers.byId(id);
    if (!row || row.clientId !== p.clientId || row.userId !== p.userId) throw new NotFoundException('No such number');
    return row;
  }
}

function resendAt(row: SmsNumber): number {
  return (row.codeRequestedAt?.getTime() ?? 0) + RESEND_AFTER_MS;
}

export function toDto(row: SmsNumber, lastProblem: string | null = null): SmsNumberDto {
  return {
    id: row.id,
    phone: row.phone,
    verified: row.verifiedAt !== null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    newLeads: row.newLeads,
    lowBalance: row.lowBalance,
    paymentFailed: row.paymentFailed,
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
    optedOutAt: row.optedOutAt?.toISOString() ?? null,
    codeExpiresAt: row.verifiedAt ? null : (row.codeExpiresAt?.toISOString() ?? null),
    canResendAt: row.verifiedAt ? null : new Date(resendAt(row)).toISOString(),
    lastProblem,
  };
}
