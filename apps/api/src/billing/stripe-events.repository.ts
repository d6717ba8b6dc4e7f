import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { StripeEvent } from './entities/stripe-event.entity';

/** stripe_events: the ids of the Stripe events already handled. */
@Injectable()
export class StripeEventsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  seen(id: string): Promise<boolean> {
    return this.db.manager.exists(StripeEvent, { where: { id } });
  }

  async record(id: string, type: string): Promise<void> {
    await this.db.manager.createQueryBuilder().insert().into(StripeEvent).values({ id, type }).orIgnore().execute();
  }
}
