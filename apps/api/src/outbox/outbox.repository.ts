import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { sqlPart, type SqlParam, type SqlPart } from '../core/database/sql';
import { managerOf, type Tx } from '../core/database/transactions';
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
  | 'subscription.started'
  | 'subscription.renewed'
  | 'subscription.plan_changed'
  | 'subscription.seats_changed'
  | 'subscription.payment_failed'
  | 'subscription.suspended'
  | 'subscription.reactivated'
  | 'subscription.canceled'
  | 'subscription_invoice.issued'
  | 'subscription_invoice.paid'
  | 'subscription_invoice.voided'
  | 'client.signed_up_with_credits'
  | 'lead.details_submitted'
  | 'lead.send_data'
  | 'lead.reported'
  | 'lead.reprocessed'
  | 'lead.erased';

export interface NewOutboxEvent {
  type: OutboxEventType;
  aggregateType: string;
  aggregateId: string;
  clientId: string | null;
  payload: Record<string, unknown>;
}

/**
 * outbox_events: the only writer. An event is written in the transaction of the change it reports
 * (`insert`, or `insertStep` inside a single statement), so it exists exactly when its change does;
 * the relay fans the events out in `seq` order.
 */
/** An event as erasure reads it. */
export interface StoredEvent {
  id: string;
  type: string;
  aggregate_id: string;
  client_id: string | null;
  payload: Record<string, unknown>;
}

/** An event not yet fanned out, as the relay reads it. */
export interface UnpublishedEvent {
  id: string;
  seq: string;
  type: string;
  aggregate_id: string;
  client_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(tx: Tx, event: NewOutboxEvent): Promise<void> {
    await managerOf(this.db, tx).insert(OutboxEvent, { ...event, payload: event.payload as never });
  }

  /**
   * The same events of one aggregate, as a CTE of another repository's statement: one row per type,
   * in the order given, for each row of `when` (a CTE of that statement).
   */
  insertStep(
    p: SqlParam,
    name: string,
    when: string,
    e: { types: OutboxEventType[]; aggregateType: string; aggregateId: string; clientId: string; payload: Record<string, unknown> },
  ): SqlPart {
    const types = e.types.map((type, i) => `(${i + 1}, ${p(type)}::text)`).join(', ');
    return sqlPart(`${name} AS (
        INSERT INTO outbox_events (type, aggregate_type, aggregate_id, client_id, payload)
        SELECT e.type, ${p(e.aggregateType)}::text, ${p(e.aggregateId)}::uuid, ${p(e.clientId)}::uuid, ${p(JSON.stringify(e.payload))}::jsonb
        FROM ${when}, (VALUES ${types}) AS e(n, type)
        ORDER BY e.n
      )`);
  }

  /** The oldest events not yet published, in order. */
  unpublished(tx: Tx, limit: number): Promise<UnpublishedEvent[]> {
    return managerOf(this.db, tx).query(
      `SELECT id, seq, type, aggregate_id, client_id, payload, created_at FROM outbox_events WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
  }

  /** The events of these aggregates (e.g. leads), in order. */
  ofAggregates(tx: Tx | undefined, aggregateIds: string[]): Promise<StoredEvent[]> {
    if (aggregateIds.length === 0) return Promise.resolve([]);
    return managerOf(this.db, tx).query(
      `SELECT id, type, aggregate_id, client_id, payload FROM outbox_events WHERE aggregate_id = ANY($1::uuid[]) ORDER BY seq`,
      [aggregateIds],
    );
  }

  /** These clients' events of one type whose payload's `key` is one of `values` (e.g. the log entries of `activity.recorded`). */
  withPayloadValue(tx: Tx, clientIds: string[], type: OutboxEventType, key: string, values: string[]): Promise<StoredEvent[]> {
    if (clientIds.length === 0 || values.length === 0) return Promise.resolve([]);
    return managerOf(this.db, tx).query(
      `SELECT id, type, aggregate_id, client_id, payload FROM outbox_events
        WHERE client_id = ANY($1::uuid[]) AND type = $2 AND payload->>$3 = ANY($4::text[]) ORDER BY seq`,
      [clientIds, type, key, values],
    );
  }

  /**
   * Rewrites payloads (erasure: an event must not keep what was erased from its subject). The only
   * change an event ever sees besides being published; its type, subject and order stay.
   */
  async replacePayloads(tx: Tx, events: Array<{ id: string; payload: Record<string, unknown> }>): Promise<void> {
    if (events.length === 0) return;
    await managerOf(this.db, tx).query(
      `UPDATE outbox_events o SET payload = e.payload FROM unnest($1::uuid[], $2::jsonb[]) AS e(id, payload) WHERE o.id = e.id`,
      [events.map((e) => e.id), events.map((e) => JSON.stringify(e.payload))],
    );
  }

  async markPublished(tx: Tx, ids: string[]): Promise<void> {
    await managerOf(this.db, tx).query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
