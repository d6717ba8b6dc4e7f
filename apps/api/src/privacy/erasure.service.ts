import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity';
import { LedgerRepository } from '../billing';
import type { Tx } from '../core/database/transactions';
import { LeadErasureService, type ErasureReason } from '../leads';
import { SmsMessageRepository } from '../notifications';
import { OutboxRepository, OutboxService } from '../outbox';
import { WebhookDeliveryRepository } from '../webhooks';
import { erasedActivityPayload, erasedLeadPayload } from './erasure-payloads';

export interface ErasureOutcome {
  /** Leads erased now (a lead erased before is not counted again). */
  leads: number;
  /** Buyers of those leads, each sent `lead.erased` for each of its leads. */
  buyers: Set<string>;
}

/**
 * Erases leads' personal data everywhere it was copied, in the caller's transaction, each table by
 * its owner: the leads themselves, their deliveries' duplicate keys and their reports' notes
 * (leads); the activity log's notes on them (activity); their events (outbox) and every webhook
 * delivery made of those events, with what endpoints answered to them (webhooks); the new-lead texts
 * that named the person (notifications); the full postcode in the charges' descriptions (billing).
 * Then each buyer of each lead is sent `lead.erased`. Kept: industry, postcode district, prices,
 * dates, deliveries, the ledger's amounts, invoices.
 *
 * Emails are not stored (only their subject, which names no person), so there is nothing of them to erase.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly leads: LeadErasureService,
    private readonly activity: ActivityService,
    private readonly outbox: OutboxRepository,
    private readonly events: OutboxService,
    private readonly webhooks: WebhookDeliveryRepository,
    private readonly texts: SmsMessageRepository,
    private readonly ledger: LedgerRepository,
  ) {}

  async erase(tx: Tx, leadIds: string[], reason: ErasureReason, at: Date): Promise<ErasureOutcome> {
    const erased = await this.leads.erase(tx, leadIds, reason, at);
    if (erased.length === 0) return { leads: 0, buyers: new Set() };
    const byLead = new Map(erased.map((e) => [e.lead.id, e]));
    const ids = [...byLead.keys()];
    const buyers = new Set(erased.flatMap((e) => e.deliveries.map((d) => d.clientId)));
    const since = new Date(Math.min(...erased.map((e) => e.lead.receivedAt.getTime())));

    // No fan-out may copy a payload into new deliveries between our reading it and rewriting them.
    await this.webhooks.holdFanOut(tx);
    const leadEvents = await this.outbox.ofAggregates(tx, ids);
    const rewritten: Array<{ id: string; payload: Record<string, unknown> }> = [];
    for (const event of leadEvents) {
      const lead = byLead.get(event.aggregate_id);
      const payload = lead ? erasedLeadPayload(event.payload, lead.lead) : null;
      if (payload) rewritten.push({ id: event.id, payload });
    }
    const entries = await this.activity.eraseNotes(tx, [...buyers], { leadIds: ids, reportIds: erased.flatMap((e) => e.reportIds) });
    for (const event of await this.outbox.withPayloadValue(tx, [...buyers], 'activity.recorded', 'activityId', entries)) {
      const payload = erasedActivityPayload(event.payload);
      if (payload) rewritten.push({ id: event.id, payload });
    }
    await this.outbox.replacePayloads(tx, rewritten);
    await this.webhooks.rewriteEventData(tx, rewritten);
    await this.texts.eraseEventTexts(
      tx,
      leadEvents.filter((e) => e.type === 'lead.send_data').map((e) => e.id),
      [...buyers],
      since,
    );
    await this.ledger.eraseChargePostcodes(
      tx,
      erased.flatMap((e) => e.deliveries.map((d) => d.id)),
    );

    for (const { lead, deliveries } of erased) {
      for (const clientId of new Set(deliveries.map((d) => d.clientId))) {
        await this.events.record(tx, {
          type: 'lead.erased',
          aggregateType: 'lead',
          aggregateId: lead.id,
          clientId,
          payload: { leadId: lead.id, erasedAt: at.toISOString(), reason },
        });
      }
    }
    return { leads: erased.length, buyers };
  }
}
