import { Injectable } from '@nestjs/common';
import type { Tx } from '../core/database/transactions';
import { OutboxRepository, type NewOutboxEvent } from './outbox.repository';

export type { NewOutboxEvent, OutboxEventType } from './outbox.repository';

/** Records a domain event in the caller's transaction; the relay (webhooks worker) fans the events out. */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  record(tx: Tx, event: NewOutboxEvent): Promise<void> {
    return this.outbox.insert(tx, event);
  }
}
