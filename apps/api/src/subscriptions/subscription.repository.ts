import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { ClientSubscription } from './entities/client-subscription.entity';

export type NewSubscription = Pick<
  ClientSubscription,
  'clientId' | 'planId' | 'addOnSeats' | 'compedSeats' | 'status' | 'currentPeriodStart' | 'currentPeriodEnd' | 'nextBillAt'
>;

/** client_subscriptions: the only writer. */
@Injectable()
export class SubscriptionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The client's subscription with its plans (current, pending, scheduled). */
  ofClient(clientId: string, tx?: Tx): Promise<ClientSubscription | null> {
    return managerOf(this.db, tx).findOne(ClientSubscription, {
      where: { clientId },
      relations: { plan: true, pendingPlan: true, scheduledPlan: true },
    });
  }

  async update(
    tx: Tx,
    clientId: string,
    patch: Partial<Omit<ClientSubscription, 'clientId' | 'plan' | 'pendingPlan' | 'scheduledPlan' | 'client'>>,
  ): Promise<void> {
    await managerOf(this.db, tx).update(ClientSubscription, { clientId }, patch);
  }

  /** Subscriptions whose next invoice is due to be issued. */
  async dueToIssue(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT client_id FROM client_subscriptions
        WHERE next_bill_at <= $1 AND current_period_end IS NOT NULL AND NOT cancel_at_period_end AND status IN ('active', 'past_due')
        ORDER BY next_bill_at LIMIT $2`,
      [now, limit],
    )) as Array<{ client_id: string }>;
    return rows.map((r) => r.client_id);
  }

  /** Subscriptions with a change due: a scheduled plan or seats, or a cancellation at the end of what is paid. */
  async dueToRoll(now: Date, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT client_id FROM client_subscriptions
        WHERE scheduled_for <= $1 OR (cancel_at_period_end AND current_period_end <= $1)
        ORDER BY client_id LIMIT $2`,
      [now, limit],
    )) as Array<{ client_id: string }>;
    return rows.map((r) => r.client_id);
  }

  /** Paying subscriptions (not suspended or canceled): what they bring in a month, net. */
  async recurring(): Promise<{ mrr: number; count: number; currency: string }> {
    const rows = (await this.db.query(
      `SELECT coalesce(sum(p.monthly_price + s.add_on_seats * p.seat_price), 0)::bigint AS mrr, count(*)::int AS count, min(p.currency) AS currency
         FROM client_subscriptions s JOIN plans p ON p.id = s.plan_id
        WHERE s.status IN ('active', 'past_due') AND s.current_period_end IS NOT NULL AND (p.monthly_price > 0 OR s.add_on_seats * p.seat_price > 0)`,
    )) as Array<{ mrr: string; count: number; currency: string | null }>;
    return { mrr: Number(rows[0]!.mrr), count: rows[0]!.count, currency: rows[0]!.currency ?? 'GBP' };
  }

  /** Locks the client's subscription row for the rest of the transaction. */
  lock(tx: Tx, clientId: string): Promise<ClientSubscription | null> {
    return managerOf(this.db, tx).findOne(ClientSubscription, { where: { clientId }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(tx: Tx, row: NewSubscription): Promise<ClientSubscription> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(ClientSubscription, row));
  }

  async setCompedSeats(tx: Tx, clientId: string, compedSeats: number): Promise<void> {
    await managerOf(this.db, tx).update(ClientSubscription, { clientId }, { compedSeats });
  }

  /** Whether any client is on the plan (a plan in use is retired, never deleted). */
  planInUse(tx: Tx, planId: string): Promise<boolean> {
    return managerOf(this.db, tx).exists(ClientSubscription, { where: { planId } });
  }
}
