import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { Plan } from './entities/plan.entity';

export type NewPlan = Pick<Plan, 'name' | 'monthlyPrice' | 'seatsIncluded' | 'seatPrice' | 'billingPeriod' | 'isPublic'>;
export type PlanPatch = Partial<NewPlan & Pick<Plan, 'retiredAt'>>;

/** plans: the only writer. */
@Injectable()
export class PlanRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Active before retired, then by price and name. */
  list(): Promise<Plan[]> {
    return this.db.manager.find(Plan, { order: { retiredAt: { direction: 'ASC', nulls: 'FIRST' }, monthlyPrice: 'ASC', name: 'ASC' } });
  }

  /** What the pricing page offers: active public plans, cheapest first. */
  listPublic(): Promise<Plan[]> {
    return this.db.manager.find(Plan, { where: { isPublic: true, retiredAt: IsNull() }, order: { monthlyPrice: 'ASC', name: 'ASC' } });
  }

  byId(id: string, tx?: Tx): Promise<Plan | null> {
    return managerOf(this.db, tx).findOne(Plan, { where: { id } });
  }

  /** The free plan every new client starts on (one exists from the migration that added plans). */
  async defaultPlan(tx?: Tx): Promise<Plan> {
    return managerOf(this.db, tx).findOneOrFail(Plan, { where: { isDefault: true } });
  }

  /** Locks the plan's row, so a delete and a new subscription on it do not cross. */
  lock(tx: Tx, id: string): Promise<Plan | null> {
    return managerOf(this.db, tx).findOne(Plan, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: Tx, plan: NewPlan): Promise<Plan> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(Plan, plan));
  }

  async update(tx: Tx, id: string, patch: PlanPatch): Promise<void> {
    await managerOf(this.db, tx).update(Plan, { id }, patch);
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).delete(Plan, { id });
  }
}
