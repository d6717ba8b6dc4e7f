import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../../core/database/transactions';
import { SmsNumber } from './entities/sms-number.entity';

/** Which alert a number may be switched on for. */
export type AlertSwitch = 'newLeads' | 'lowBalance' | 'paymentFailed';

export type SmsNumberPatch = Partial<
  Pick<
    SmsNumber,
    | 'verifiedAt'
    | 'codeHash'
    | 'codeExpiresAt'
    | 'codeAttempts'
    | 'codeRequestedAt'
    | 'newLeads'
    | 'lowBalance'
    | 'paymentFailed'
    | 'quietStart'
    | 'quietEnd'
    | 'optedOutAt'
    | 'windowStart'
    | 'windowSent'
  >
>;

/** sms_numbers: the mobile numbers people get alerts on. */
@Injectable()
export class SmsNumberRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A person's numbers, oldest first. */
  ofUser(clientId: string, userId: string): Promise<SmsNumber[]> {
    return this.db.manager.find(SmsNumber, { where: { clientId, userId }, order: { createdAt: 'ASC' } });
  }

  /** Every number of a client (the owner's view and the admins'). */
  ofClient(clientId: string): Promise<SmsNumber[]> {
    return this.db.manager.find(SmsNumber, { where: { clientId }, order: { createdAt: 'ASC' } });
  }

  byId(id: string, tx?: Tx): Promise<SmsNumber | null> {
    return managerOf(this.db, tx).findOne(SmsNumber, { where: { id } });
  }

  /** The number's row, locked until the transaction ends (codes, the rate window). */
  locked(tx: Tx, id: string): Promise<SmsNumber | null> {
    return managerOf(this.db, tx).findOne(SmsNumber, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(tx: Tx, row: Pick<SmsNumber, 'clientId' | 'userId' | 'phone'> & SmsNumberPatch): Promise<SmsNumber> {
    const em = managerOf(this.db, tx);
    const saved = await em.insert(SmsNumber, row);
    return em.findOneOrFail(SmsNumber, { where: { id: (saved.identifiers[0] as { id: string }).id } });
  }

  async update(tx: Tx | undefined, id: string, patch: SmsNumberPatch): Promise<void> {
    await managerOf(this.db, tx).update(SmsNumber, { id }, patch);
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).delete(SmsNumber, { id });
  }

  /** Verified numbers of a client that want this alert and have not replied STOP. */
  alertable(tx: Tx, clientId: string, alert: AlertSwitch): Promise<SmsNumber[]> {
    return managerOf(this.db, tx)
      .createQueryBuilder(SmsNumber, 'n')
      .where('n.client_id = :clientId', { clientId })
      .andWhere('n.verified_at IS NOT NULL AND n.opted_out_at IS NULL')
      .andWhere(`n.${alert === 'newLeads' ? 'new_leads' : alert === 'lowBalance' ? 'low_balance' : 'payment_failed'} = true`)
      .orderBy('n.created_at')
      .getMany();
  }

  /** Of these clients, those with at least one number that may get some alert (the fan-out asks before queueing). */
  async clientsWithAlerts(tx: Tx, clientIds: string[]): Promise<Set<string>> {
    if (!clientIds.length) return new Set();
    const rows: Array<{ client_id: string }> = await managerOf(this.db, tx).query(
      `SELECT DISTINCT client_id FROM sms_numbers
        WHERE client_id = ANY($1::uuid[]) AND verified_at IS NOT NULL AND opted_out_at IS NULL
          AND (new_leads OR low_balance OR payment_failed)`,
      [clientIds],
    );
    return new Set(rows.map((r) => r.client_id));
  }

  /** STOP (true) or START (false) from a phone: every row of that phone. Returns the rows changed. */
  async setOptedOut(tx: Tx, phone: string, optedOut: boolean): Promise<SmsNumber[]> {
    const rows: [Array<Record<string, unknown>>, number] = await managerOf(this.db, tx).query(
      optedOut
        ? `UPDATE sms_numbers SET opted_out_at = now(), updated_at = now() WHERE phone = $1 AND opted_out_at IS NULL RETURNING id, client_id, user_id`
        : `UPDATE sms_numbers SET opted_out_at = NULL, updated_at = now() WHERE phone = $1 AND opted_out_at IS NOT NULL RETURNING id, client_id, user_id`,
      [phone],
    );
    return rows[0].map((r) => Object.assign(new SmsNumber(), { id: r.id, clientId: r.client_id, userId: r.user_id, phone }));
  }
}
