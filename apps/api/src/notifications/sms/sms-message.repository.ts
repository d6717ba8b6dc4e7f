import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../../core/database/transactions';
import { SmsMessage, type SmsStatus } from './entities/sms-message.entity';
import { ERASED_LEAD_TEXT } from './sms-texts';

export type NewSmsMessage = Pick<SmsMessage, 'clientId' | 'numberId' | 'toPhone' | 'kind' | 'cause' | 'body' | 'status'> &
  Partial<Pick<SmsMessage, 'errorMessage' | 'createdAt'>>;

/** How far along Twilio's statuses are: a callback never moves a message back (they may arrive out of order). */
const RANK: Record<SmsStatus, number> = {
  pending: 0,
  suppressed: 0,
  skipped: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
};

/**
 * The texts some events caused (cause `event:<event id>:<number id>`) to some clients' numbers since a
 * moment ($1 clients, $2 since, $3 event ids): the client and time keep the walk to an index.
 */
const TEXTS_OF_EVENTS = `client_id = ANY($1::uuid[]) AND created_at >= $2 AND cause LIKE 'event:%' AND split_part(cause, ':', 2) = ANY($3::text[])`;

/** sms_messages: every text and its fate. */
@Injectable()
export class SmsMessageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The message for a new cause, or null when that cause has a message already (it is not sent twice). */
  async insertIfNew(tx: Tx, row: NewSmsMessage): Promise<SmsMessage | null> {
    const rows: Array<{ id: string }> = await managerOf(this.db, tx).query(
      `INSERT INTO sms_messages (client_id, number_id, to_phone, kind, cause, body, status, error_message, created_at, status_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), coalesce($9, now())) ON CONFLICT (cause) DO NOTHING RETURNING id`,
      [row.clientId, row.numberId, row.toPhone, row.kind, row.cause, row.body, row.status, row.errorMessage ?? null, row.createdAt ?? null],
    );
    if (!rows.length) return null;
    return managerOf(this.db, tx).findOneOrFail(SmsMessage, { where: { id: rows[0].id } });
  }

  byCause(cause: string): Promise<SmsMessage | null> {
    return this.db.manager.findOne(SmsMessage, { where: { cause } });
  }

  byId(id: string, tx?: Tx): Promise<SmsMessage | null> {
    return managerOf(this.db, tx).findOne(SmsMessage, { where: { id } });
  }

  bySid(tx: Tx, sid: string): Promise<SmsMessage | null> {
    return managerOf(this.db, tx).findOne(SmsMessage, { where: { twilioSid: sid }, lock: { mode: 'pessimistic_write' } });
  }

  /** Twilio took it (status `queued` or later). */
  async accepted(tx: Tx, id: string, a: { sid: string; status: SmsStatus; segments: number }): Promise<void> {
    await managerOf(this.db, tx).update(
      SmsMessage,
      { id },
      { twilioSid: a.sid, status: a.status, segments: a.segments, statusAt: new Date() },
    );
  }

  /** Not sent: Twilio refused it (`failed`, with its error), or we did not try (`skipped`). */
  async notSent(id: string, status: 'failed' | 'skipped', error: { code: number | null; message: string }): Promise<void> {
    await this.db.manager.update(SmsMessage, { id }, { status, errorCode: error.code, errorMessage: error.message, statusAt: new Date() });
  }

  /** A status callback: applied when it moves the message forward; true if it did. */
  async advance(tx: Tx, m: SmsMessage, status: SmsStatus, error: { code: number | null; message: string | null }): Promise<boolean> {
    if (RANK[status] <= RANK[m.status]) return false;
    await managerOf(this.db, tx).update(
      SmsMessage,
      { id: m.id },
      { status, errorCode: error.code ?? m.errorCode, errorMessage: error.message ?? m.errorMessage, statusAt: new Date() },
    );
    return true;
  }

  /** Of these numbers, why the latest text to each did not arrive (numbers whose latest text arrived, or was not tried, are absent). */
  async lastProblems(numberIds: string[]): Promise<Map<string, string>> {
    if (!numberIds.length) return new Map();
    const rows: Array<{ number_id: string; status: string; error_message: string | null }> = await this.db.query(
      `SELECT DISTINCT ON (number_id) number_id, status, error_message FROM sms_messages
        WHERE number_id = ANY($1::uuid[]) AND status NOT IN ('suppressed', 'skipped')
        ORDER BY number_id, created_at DESC`,
      [numberIds],
    );
    return new Map(
      rows
        .filter((r) => r.status === 'failed' || r.status === 'undelivered')
        .map((r) => [r.number_id, r.error_message ?? `the last text ${r.status === 'failed' ? 'failed' : 'was not delivered'}`]),
    );
  }

  /** Erasure: the new-lead texts these events caused keep that they were sent, not what they said (the person's name). */
  async eraseEventTexts(tx: Tx, eventIds: string[], clientIds: string[], since: Date): Promise<void> {
    if (eventIds.length === 0 || clientIds.length === 0) return;
    await managerOf(this.db, tx).query(`UPDATE sms_messages SET body = $4 WHERE ${TEXTS_OF_EVENTS} AND kind = 'new_lead' AND body <> $4`, [
      clientIds,
      since,
      eventIds,
      ERASED_LEAD_TEXT,
    ]);
  }

  /** The texts these events caused, oldest first (an access request's). */
  async ofEvents(
    eventIds: string[],
    clientIds: string[],
    since: Date,
  ): Promise<Array<Pick<SmsMessage, 'id' | 'clientId' | 'kind' | 'body' | 'status' | 'createdAt'> & { eventId: string }>> {
    if (eventIds.length === 0 || clientIds.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT id, split_part(cause, ':', 2) AS event_id, client_id, kind, body, status, created_at FROM sms_messages WHERE ${TEXTS_OF_EVENTS} ORDER BY created_at, id`,
      [clientIds, since, eventIds],
    )) as Array<{
      id: string;
      event_id: string;
      client_id: string;
      kind: SmsMessage['kind'];
      body: string;
      status: SmsStatus;
      created_at: Date;
    }>;
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      clientId: r.client_id,
      kind: r.kind,
      body: r.body,
      status: r.status,
      createdAt: r.created_at,
    }));
  }

  /** Verification codes texted to a client's numbers since `since` (a guard against texting strangers on our bill). */
  async verificationsSince(clientId: string, since: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM sms_messages WHERE client_id = $1 AND kind = 'verification' AND created_at >= $2`,
      [clientId, since],
    );
    return rows[0]?.n ?? 0;
  }

  /** Alerts the rate limit held back for a number since `since`, not yet counted in a summary. */
  async countSuppressed(numberId: string, since: Date, until: Date): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*) AS n FROM sms_messages WHERE number_id = $1 AND status = 'suppressed' AND created_at >= $2 AND created_at < $3`,
      [numberId, since, until],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
