import { Injectable } from '@nestjs/common';
import type { Client } from '../clients';
import { LedgerService } from '../billing';
import type { Industry } from '../catalog';
import { AppConfig } from '../core/config/app-config';
import type { OfferPrefs } from './buyers.repository';
import type { LeadWrite, Offer, OfferOutcome } from './delivery-plan';
import { DeliveryRepository } from './delivery.repository';
import { staticEligibility, type RejectionReason } from './eligibility';
import type { DuplicateKeys, LeadContact, LeadValues } from './lead-fields';
import { chargedPrice } from './offer-rules';
import type { NewReservation } from './ping.repository';

export type { LeadWrite, OfferOutcome } from './delivery-plan';

/** A lead offered to one buyer, as intake and distribution know it. */
export interface DeliveryAttempt {
  leadId: string;
  client: Pick<Client, 'id' | 'billingMode'>;
  prefs: OfferPrefs;
  industry: Pick<Industry, 'name' | 'currency'>;
  postcode: string;
  values: LeadValues;
  /** The standard fields it carried (name, address, phones, email…), sent with the delivery's events. */
  contact: LeadContact;
  keys: DuplicateKeys;
  /** The lead's price; what the buyer pays is offer-rules' chargedPrice. */
  price: number;
  now: Date;
  /** A campaign subscription's own caps, counted on that campaign's leads. */
  campaignCaps?: { campaignId: string; dailyCap: number | null; weeklyCap: number | null };
  /** The buyer's version the caller decided with, when it used a remembered copy (see Offer.buyerVersion). */
  buyerVersion?: string;
  /** The ping this is the post of (see Offer.consumesPing). */
  consumesPing?: { id: string; answer: unknown };
}

/**
 * Gives a lead to one buyer, or says why not: paused/area/schedule here (no lock needed), then
 * duplicate, caps and credit under the buyer's credit-account lock, with the lead write, the charge,
 * the delivery and its events, in one statement (DeliveryRepository renders it from the plan).
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly ledger: LedgerService,
    private readonly config: AppConfig,
  ) {}

  /** The checks that need no lock (paused, area, schedule): a rejection, or null. */
  precheck(a: Pick<DeliveryAttempt, 'postcode' | 'prefs' | 'now'>): RejectionReason | null {
    return staticEligibility(a.postcode, a.prefs, a.now);
  }

  /** Offers the lead; `lead` says what the offer writes about the lead row itself. After-charge hooks run once it has committed. */
  async deliver(a: DeliveryAttempt, lead: LeadWrite = { kind: 'existing' }): Promise<OfferOutcome> {
    const blocked = this.precheck(a);
    if (blocked) return { kind: 'rejected', reason: blocked };
    const offer = this.offerOf(a);
    const result = await this.deliveries.offer({ offer, lead });
    if (result.refusedBy === 'stale') return { kind: 'stale' };
    if (!result.leadWritten) return { kind: 'replayed' };
    if (result.refusedBy) {
      // A buyer with auto-charge on gets its top-up started now, not at its next charge (which cannot come).
      if (result.refusedBy === 'no_credit') await this.ledger.runCreditRefused(a.client.id, offer.price);
      return { kind: 'rejected', reason: result.refusedBy };
    }
    // Under the lock the credit check and the guarded debit agree; this only guards against a change of that rule.
    if (!result.deliveryId) throw new Error(`Delivery of lead ${a.leadId} to ${a.client.id} passed its checks but was not written`);
    const outcome: OfferOutcome = { kind: 'delivered', deliveryId: result.deliveryId, price: offer.price, charged: result.charged };
    // (The new-lead email, for clients who want it, goes with the delivery's outbox events: the webhook relay queues it.)
    if (result.charged) await this.ledger.runAfterCharge(result.charged.account, result.charged.entry);
    return outcome;
  }

  /**
   * Reserves one lead of the buyer's caps and its price for a ping (the ping's row, written when the
   * checks pass): null when reserved, else why not. `a.leadId` is the ping's id; it has no keys.
   */
  async reserve(
    a: DeliveryAttempt,
    ping: Omit<NewReservation, 'clientId' | 'price' | 'heldAmount' | 'currency'>,
  ): Promise<RejectionReason | null> {
    const blocked = this.precheck(a);
    if (blocked) return blocked;
    const offer = this.offerOf(a);
    const refused = await this.deliveries.reserve({
      offer,
      ping: { ...ping, clientId: a.client.id, price: a.price, heldAmount: offer.price, currency: a.industry.currency },
    });
    // A reservation is decided on the buyer as it is now (no remembered version): it cannot be stale.
    if (refused === 'stale') throw new Error(`Ping ${ping.id}: a reservation was refused as stale`);
    return refused;
  }

  /** The buyers who already had the lead. */
  buyersOf(leadId: string): Promise<string[]> {
    return this.deliveries.buyersOf(leadId);
  }

  private offerOf(a: DeliveryAttempt): Offer {
    return {
      leadId: a.leadId,
      clientId: a.client.id,
      price: chargedPrice(a.client.billingMode, a.price),
      currency: a.industry.currency,
      industryName: a.industry.name,
      postcode: a.postcode,
      values: a.values,
      contact: a.contact,
      keys: a.keys,
      duplicateWindowDays: this.config.leads.duplicateWindowDays,
      now: a.now,
      timeZone: a.prefs.timeZone,
      caps: { dailyCap: a.prefs.dailyCap, weeklyCap: a.prefs.weeklyCap },
      spendLimits: { weeklySpendLimit: a.prefs.weeklySpendLimit ?? null, monthlySpendLimit: a.prefs.monthlySpendLimit ?? null },
      ...(a.campaignCaps ? { campaignCaps: a.campaignCaps } : {}),
      ...(a.buyerVersion ? { buyerVersion: a.buyerVersion } : {}),
      ...(a.consumesPing ? { consumesPing: a.consumesPing } : {}),
    };
  }
}
