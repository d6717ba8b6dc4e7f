import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEvent } from './entities/outbox-event.entity';

/** The event types recorded so far; the webhooks module delivers them. */
export type OutboxEventType =
  | 'business_details.submitted'
  | 'business_details.updated'
  | 'cms.buyer'
  | 'client.signed_up_non_billable'
  | 'postcode_areas.updated'
  | 'credits.topped_up'
  | 'credits.zero'
  | 'credits.low'
  | 'auto_charge.failed'
  | 'invoice.issued'
  | 'client.signed_up_with_credits'
  | 'lead.details_submitted'
  | 'lead.send_data'
  | 'lead.reported'
  | 'lead.reprocessed';

export interface NewOutboxEvent {
  type: OutboxEventType;
  aggregateType: string;
  aggregateId: string;
  clientId: string | null;
  payload: Record<string, unknown>;
}

/** Writes domain events in the caller's transaction, so an event exists exactly when its change does. */
@Injectable()
export class OutboxService {
  async record(tx: EntityManager, event: NewOutboxEvent): Promise<void> {
    await tx.insert(OutboxEvent, { ...event, payload: { version: 1, ...event.payload } });
  }
}
