import type { CreditAccount, LedgerEntry } from '../billing';
import type { RejectionReason } from './eligibility';
import type { EligibilityRecord } from './entities/lead.entity';
import type { DuplicateKeys, LeadContact, LeadValues } from './lead-fields';
import type { Caps, SpendLimits } from './offer-rules';
import type { NewReservation } from './ping.repository';

/**
 * The typed plan of one offer: everything the delivery statement needs, as data. Intake and
 * distribution build it; DeliveryRepository renders it into one statement (lock, checks, lead
 * write, charge, delivery, events) and DeliveryService maps the result to an OfferOutcome.
 */
export interface Offer {
  leadId: string;
  clientId: string;
  /** What the buyer pays (offer-rules' chargedPrice): 0 charges nothing. */
  price: number;
  currency: string;
  industryName: string;
  postcode: string;
  /** The lead's fields and contact, sent with the delivery's events. */
  values: LeadValues;
  contact: LeadContact;
  /** Its phone and email keys: a duplicate when either matches a lead the buyer had in the window. */
  keys: DuplicateKeys;
  duplicateWindowDays: number;
  now: Date;
  /** The buyer's time zone: caps count its local day and week. */
  timeZone: string;
  /** The buyer's own caps, counted on all its leads. */
  caps: Caps;
  /** The buyer's spending limits, summed over all its leads (only when the offer costs something). */
  spendLimits: SpendLimits;
  /** A campaign subscription's own caps, counted on that campaign's leads. */
  campaignCaps?: Caps & { campaignId: string };
  /**
   * The buyer's version (BuyersRepository) the caller decided with, when it used a remembered copy:
   * if the buyer, its preferences or its industry changed since, nothing is written (`stale`).
   */
  buyerVersion?: string;
  /**
   * The ping this offer is the post of: its reservation is left out of what the buyer's pings hold
   * (it is this lead), and it is marked posted, with `answer`, by the statement that delivers.
   */
  consumesPing?: { id: string; answer: unknown };
}

/** A ping's reservation: the offer's checks (no keys: a ping has no phone or email) and the row it writes when they pass. */
export interface ReservationPlan {
  offer: Offer;
  ping: NewReservation;
}

/** A LeadByte lead, written with its offer's outcome (the row is unique per buyer URL and lead id). */
export interface NewLead {
  id: string;
  industryId: string;
  externalId: string | null;
  clientId: string;
  postcode: string | null;
  values: LeadValues;
  contact: LeadContact;
  fingerprint: string | null;
}

/** The answer stored on a lead for each outcome (LeadByte replays it). */
export type StoredAnswers = Partial<Record<'accepted' | RejectionReason, unknown>>;

/** What the offer's statement writes about the lead itself. */
export type LeadWrite =
  /** Nothing: the lead row was written before (a supplier lead offered to several buyers, a reprocess). */
  | { kind: 'existing' }
  /** A single-buyer supplier lead: if this buyer takes it, the lead's outcome is written with the delivery. */
  | { kind: 'taken'; eligibility: EligibilityRecord[]; response: unknown }
  /** A LeadByte lead: its row, with the outcome's status and answer; a lead id seen before writes nothing (`replayed`). */
  | { kind: 'new'; lead: NewLead; answers: StoredAnswers };

export interface DeliveryPlan {
  offer: Offer;
  lead: LeadWrite;
}

export interface Charged {
  account: CreditAccount;
  entry: LedgerEntry;
}

export type OfferOutcome =
  | { kind: 'delivered'; deliveryId: string; price: number; charged: Charged | null }
  | { kind: 'rejected'; reason: RejectionReason }
  /** The lead id was seen before (a redelivery): nothing was written. */
  | { kind: 'replayed' }
  /** The buyer changed since the caller read it (`buyerVersion`): nothing was written. */
  | { kind: 'stale' };
