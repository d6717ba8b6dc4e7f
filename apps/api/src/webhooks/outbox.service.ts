import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEvent } from './entities/outbox-event.entity';

/** The event types recorded in the outbox (the catalog in event-catalog.ts documents each one). */
export type OutboxEventType =
  | 'activity.recorded'
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

/** Writes a domain event in the caller's transaction, so the event exists exactly when its change does. */
export async function recordOutboxEvent(tx: EntityManager, event: NewOutboxEvent): Promise<void> {
  await tx.insert(OutboxEvent, { ...event, payload: event.payload as never });
}

/** The injectable form of recordOutboxEvent; the relay (webhooks module) fans the events out. */
@Injectable()
export class OutboxService {
  record(tx: EntityManager, event: NewOutboxEvent): Promise<void> {
    return recordOutboxEvent(tx, event);
  }
}
