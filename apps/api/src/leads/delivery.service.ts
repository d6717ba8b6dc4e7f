import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { CreditAccount } from '../billing/entities/credit-account.entity';
import type { LedgerEntry } from '../billing/entities/ledger-entry.entity';
import { LedgerService } from '../billing/ledger.service';
import type { Client } from '../clients/entities/client.entity';
import { AppConfig } from '../core/config/app-config';
import type { Industry } from '../onboarding/entities/industry.entity';
import type { LeadPreferences } from '../onboarding/entities/lead-preferences.entity';
import { OutboxService } from '../webhooks/outbox.service';
import { staticEligibility, type RejectionReason } from './eligibility';
import { Delivery } from './entities/delivery.entity';
import type { LeadValues } from './lead-fields';

export interface DeliveryAttempt {
  leadId: string;
  client: Client;
  prefs: LeadPreferences;
  industry: Industry;
  postcode: string;
  values: LeadValues;
  fingerprint: string | null;
  price: number;
  now: Date;
  /** A campaign subscription's own caps, counted on that campaign's leads. */
  campaignCaps?: { campaignId: string; dailyCap: number | null; weeklyCap: number | null };
}

export type DeliveryOutcome =
  | { delivered: true; deliveryId: string; price: number; charged: { account: CreditAccount; entry: LedgerEntry } | null }
  | { delivered: false; reason: RejectionReason };

/**
 * Gives a lead to one buyer, or says why not: duplicate, paused/area/schedule, caps, credit. Runs
 * under the buyer's credit-account lock, so concurrent leads see each other's deliveries and
 * charges: caps and balances hold. The caller owns the transaction (and runs the after-charge
 * hooks once it has committed).
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async deliverInTx(tx: EntityManager, a: DeliveryAttempt, lockHeld = false): Promise<DeliveryOutcome> {
    if (!lockHeld) await this.ledger.lockAccount(tx, a.client.id);
    const blocked = staticEligibility(a.postcode, a.prefs, a.now);
    if (blocked) return { delivered: false, reason: blocked };
    if (a.fingerprint && (await this.hadDuplicate(tx, a.client.id, a.fingerprint, a.now))) return { delivered: false, reason: 'duplicate' };
    if (await this.capReached(tx, a)) return { delivered: false, reason: 'cap_reached' };

    const deliveryId = randomUUID();
    const price = a.client.billingMode === 'billable' ? a.price : 0;
    let charged: { account: CreditAccount; entry: LedgerEntry } | null = null;
    if (price > 0) {
      const r = await this.ledger.charge(
        { clientId: a.client.id, amount: price, cause: `delivery:${deliveryId}`, description: `Lead: ${a.industry.name} (${a.postcode})`, meta: { industryName: a.industry.name, leadId: a.leadId } },
        tx,
      );
      if (r.outcome !== 'applied') return { delivered: false, reason: 'no_credit' };
      charged = { account: r.account, entry: r.entry };
    }
    await tx.insert(Delivery, { id: deliveryId, leadId: a.leadId, clientId: a.client.id, price, currency: a.industry.currency, fingerprint: a.fingerprint, deliveredAt: a.now });
    const payload = { leadId: a.leadId, deliveryId, clientId: a.client.id, industry: a.industry.name, postcode: a.postcode, price, currency: a.industry.currency, fields: a.values };
    await this.outbox.record(tx, { type: 'lead.details_submitted', aggregateType: 'lead', aggregateId: a.leadId, clientId: a.client.id, payload });
    await this.outbox.record(tx, { type: 'lead.send_data', aggregateType: 'lead', aggregateId: a.leadId, clientId: a.client.id, payload });
    return { delivered: true, deliveryId, price, charged };
  }

  /** Its own transaction, for engines that try buyers one after another. */
  async deliver(a: DeliveryAttempt): Promise<DeliveryOutcome> {
    const outcome = await this.db.transaction((tx) => this.deliverInTx(tx, a));
    await this.afterCommit(a, outcome);
    return outcome;
  }

  /**
   * Once the delivery is committed: auto-charge and balance events. (The new-lead email, for clients
   * who want it, goes with the delivery's outbox events: the webhook relay queues it.)
   */
  async afterCommit(_a: Pick<DeliveryAttempt, 'prefs'>, outcome: DeliveryOutcome): Promise<void> {
    if (!outcome.delivered) return;
    if (outcome.charged) await this.ledger.runAfterCharge(outcome.charged.account, outcome.charged.entry);
  }

  private async hadDuplicate(tx: EntityManager, clientId: string, fingerprint: string, now: Date): Promise<boolean> {
    const rows = await tx.query(
      `SELECT 1 FROM deliveries WHERE client_id = $1 AND fingerprint = $2 AND delivered_at > $3::timestamptz - make_interval(days => $4) LIMIT 1`,
      [clientId, fingerprint, now.toISOString(), this.config.leads.duplicateWindowDays],
    );
    return rows.length > 0;
  }

  /** The buyer's daily and weekly caps in its own time zone (weeks start on Monday), then the campaign's. */
  private async capReached(tx: EntityManager, a: DeliveryAttempt): Promise<boolean> {
    const counts = async (campaignId: string | null): Promise<{ today: number; week: number }> => {
      const [row] = (await tx.query(
        `SELECT
           count(*) FILTER (WHERE d.delivered_at >= date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)::int AS today,
           count(*)::int AS week
         FROM deliveries d ${campaignId ? 'JOIN leads l ON l.id = d.lead_id AND l.campaign_id = $4' : ''}
         WHERE d.client_id = $1 AND d.status <> 'refunded' AND d.delivered_at >= date_trunc('week', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3`,
        campaignId ? [a.client.id, a.now.toISOString(), a.prefs.timeZone, campaignId] : [a.client.id, a.now.toISOString(), a.prefs.timeZone],
      )) as Array<{ today: number; week: number }>;
      return row ?? { today: 0, week: 0 };
    };
    const all = await counts(null);
    if (all.today >= a.prefs.dailyCap || (a.prefs.weeklyCap !== null && all.week >= a.prefs.weeklyCap)) return true;
    if (a.campaignCaps && (a.campaignCaps.dailyCap !== null || a.campaignCaps.weeklyCap !== null)) {
      const own = await counts(a.campaignCaps.campaignId);
      if (a.campaignCaps.dailyCap !== null && own.today >= a.campaignCaps.dailyCap) return true;
      if (a.campaignCaps.weeklyCap !== null && own.week >= a.campaignCaps.weeklyCap) return true;
    }
    return false;
  }
}
