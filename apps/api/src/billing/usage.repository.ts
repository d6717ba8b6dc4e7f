import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { UsageRecord, type UsageStatus } from './entities/usage-record.entity';

export interface UsageTotals {
  channel: string;
  messages: number;
  units: number;
  /** Charged less refunded, minor units. */
  amount: number;
}

export interface UsageDay extends UsageTotals {
  day: string;
}

export interface ClientUsageRow {
  clientId: string;
  businessName: string | null;
  messages: number;
  units: number;
  /** What the client paid for its texts (charged, not refunded). */
  revenue: number;
  /** What the texts cost us at the provider (every text Twilio took, billed or not). */
  cost: number;
  unbilledUnits: number;
}

/** `column` within the calendar month `month` ('YYYY-MM') of time zone `zone` (placeholders). */
const IN_MONTH = (column: string, month: string, zone: string): string =>
  `${column} >= ((${month} || '-01')::date::timestamp AT TIME ZONE ${zone}) AND ${column} < (((${month} || '-01')::date + interval '1 month')::timestamp AT TIME ZONE ${zone})`;

const n = (v: unknown): number => Number(v ?? 0);

/** usage_records: what each message cost a client. Written with its ledger movement, in one transaction. */
@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The record of a message, new or the one written before (a message is recorded once). */
  async insert(
    tx: Tx,
    row: Pick<UsageRecord, 'clientId' | 'channel' | 'messageId' | 'units' | 'unitPrice' | 'unitCost' | 'status' | 'reason'>,
  ): Promise<UsageRecord> {
    const em = managerOf(this.db, tx);
    await em.createQueryBuilder().insert().into(UsageRecord).values(row).orIgnore().execute();
    return em.findOneOrFail(UsageRecord, { where: { channel: row.channel, messageId: row.messageId } });
  }

  /** The records of these messages (whatever became of them). */
  ofMessages(channel: 'sms', messageIds: string[]): Promise<UsageRecord[]> {
    if (!messageIds.length) return Promise.resolve([]);
    return this.db.manager.find(UsageRecord, { where: { channel, messageId: In(messageIds) } });
  }

  locked(tx: Tx, channel: 'sms', messageId: string): Promise<UsageRecord | null> {
    return managerOf(this.db, tx).findOne(UsageRecord, { where: { channel, messageId }, lock: { mode: 'pessimistic_write' } });
  }

  async setStatus(tx: Tx, id: string, status: UsageStatus): Promise<void> {
    await managerOf(this.db, tx).update(UsageRecord, { id }, { status });
  }

  /** A client's usage in a calendar month (`YYYY-MM`) of its time zone, per channel and per local day (its alerts: not the free verification codes). */
  async ofClient(clientId: string, month: string, timeZone: string): Promise<{ totals: UsageTotals[]; days: UsageDay[] }> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT channel, (created_at AT TIME ZONE $3)::date::text AS day, count(*) AS messages, sum(units) AS units,
              sum(units * unit_price) FILTER (WHERE status = 'charged') AS amount
         FROM usage_records
        WHERE client_id = $1 AND ${IN_MONTH('created_at', '$2', '$3')} AND reason IS DISTINCT FROM 'not_billed'
        GROUP BY channel, day ORDER BY day, channel`,
      [clientId, month, timeZone],
    );
    const days = rows.map((r) => ({
      channel: String(r.channel),
      day: String(r.day),
      messages: n(r.messages),
      units: n(r.units),
      amount: n(r.amount),
    }));
    const totals = new Map<string, UsageTotals>();
    for (const d of days) {
      const t = totals.get(d.channel) ?? { channel: d.channel, messages: 0, units: 0, amount: 0 };
      totals.set(d.channel, { ...t, messages: t.messages + d.messages, units: t.units + d.units, amount: t.amount + d.amount });
    }
    return { totals: [...totals.values()], days };
  }

  /** Every client's usage in a calendar month (`YYYY-MM`, billing time zone), busiest first (the admins' view). */
  async perClient(month: string, timeZone: string): Promise<Array<Omit<ClientUsageRow, 'businessName'>>> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT u.client_id, count(*) AS messages, sum(u.units) AS units,
              coalesce(sum(u.units * u.unit_price) FILTER (WHERE u.status = 'charged'), 0) AS revenue,
              sum(u.units * u.unit_cost) AS cost,
              coalesce(sum(u.units) FILTER (WHERE u.status = 'unbilled'), 0) AS unbilled
         FROM usage_records u
        WHERE ${IN_MONTH('u.created_at', '$1', '$2')}
        GROUP BY u.client_id ORDER BY units DESC, u.client_id`,
      [month, timeZone],
    );
    return rows.map((r) => ({
      clientId: String(r.client_id),
      messages: n(r.messages),
      units: n(r.units),
      revenue: n(r.revenue),
      cost: n(r.cost),
      unbilledUnits: n(r.unbilled),
    }));
  }
}
