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

  /** The client's subscription with its plan. */
  ofClient(clientId: string, tx?: Tx): Promise<ClientSubscription | null> {
    return managerOf(this.db, tx).findOne(ClientSubscription, { where: { clientId }, relations: { plan: true } });
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
