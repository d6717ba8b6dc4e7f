import { ApiProperty } from '@nestjs/swagger';
import { LeadContactDto } from './dto/lead-contact.dto';

/*
 * The outbound webhook events: a stable type name, a payload version, and a payload schema each.
 * The schemas are published in the OpenAPI document (components + `x-webhooks`); a breaking change
 * to a payload bumps its version and keeps the old one documented until receivers have moved.
 */

const money = (description: string) => ({ description: `${description}, in minor units (pence)` });

export class BusinessDetailsEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'The business and service details as saved', type: 'object', additionalProperties: true })
  businessDetails!: Record<string, unknown>;
  @ApiProperty({
    description: 'The details before this change; null on first submission',
    type: 'object',
    additionalProperties: true,
    nullable: true,
  })
  before!: Record<string, unknown> | null;
}

export class CmsBuyerOwner {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() phone!: string;
}

export class CmsBuyerAddress {
  @ApiProperty() line1!: string;
  @ApiProperty({ nullable: true, type: String }) line2!: string | null;
  @ApiProperty() town!: string;
  @ApiProperty() postcode!: string;
}

export class CmsBuyerIndustry {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(money('Price of one lead')) leadCost!: number;
  @ApiProperty() currency!: string;
}

export class CmsBuyerBusiness {
  @ApiProperty() name!: string;
  @ApiProperty({ type: CmsBuyerIndustry, nullable: true }) industry!: CmsBuyerIndustry | null;
  @ApiProperty({ type: CmsBuyerAddress }) address!: CmsBuyerAddress;
  @ApiProperty() phone!: string;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
}

export class CmsBuyerLeadPreferences {
  @ApiProperty({ type: [String] }) postcodeAreas!: string[];
  @ApiProperty() dailyCap!: number;
  @ApiProperty({ nullable: true, type: Number }) weeklyCap!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Most spent on leads a week, minor units; null: no limit' })
  weeklySpendLimit!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Most spent on leads a calendar month, minor units; null: no limit' })
  monthlySpendLimit!: number | null;
  @ApiProperty({ type: [String], example: ['mon', 'tue'] }) deliveryDays!: string[];
  @ApiProperty({ example: '08:00' }) deliveryStart!: string;
  @ApiProperty({ example: '20:00' }) deliveryEnd!: string;
  @ApiProperty({ example: 'Europe/London' }) timeZone!: string;
  @ApiProperty() paused!: boolean;
}

export class CmsBuyerIntegrations {
  @ApiProperty({ nullable: true, type: String, description: 'Null until the Stripe registration is done (never for non-billable clients)' })
  stripeCustomerId!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Null until the LeadByte registration is done' }) leadbyteBuyerId!:
    number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Null until the Xero contact exists (Xero may not be connected yet)',
  })
  xeroContactId!: string | null;
}

/** Version 2: `owner`, `business`, `integrations` as published (version 1 sent `contact`, `address`, `externalIds`, … at the top level). */
export class CmsBuyerEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() businessName!: string;
  @ApiProperty({ enum: ['billable', 'non_billable'] }) billingMode!: string;
  @ApiProperty({ enum: ['onboarding', 'active', 'paused', 'suspended'] }) status!: string;
  @ApiProperty({ type: CmsBuyerOwner, nullable: true, description: 'The account’s owner' }) owner!: CmsBuyerOwner | null;
  @ApiProperty({ type: CmsBuyerBusiness }) business!: CmsBuyerBusiness;
  @ApiProperty({ type: CmsBuyerLeadPreferences, nullable: true }) leadPreferences!: CmsBuyerLeadPreferences | null;
  @ApiProperty({ type: CmsBuyerIntegrations, description: 'Ids in Stripe, LeadByte and Xero' }) integrations!: CmsBuyerIntegrations;
}

export class CreditsEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty(money('Balance after the change')) balance!: number;
  @ApiProperty(money('The auto-charge threshold')) threshold!: number;
}

export class TopUpEventData {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ enum: ['manual_top_up', 'auto_charge', 'weekly_request'] }) kind!: string;
  @ApiProperty(money('Credit added')) netAmount!: number;
  @ApiProperty(money('VAT')) vatAmount!: number;
  @ApiProperty(money('Charged to the card')) grossAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty(money('Balance after the top-up')) balance!: number;
}

export class PostcodeAreasEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: [String] }) before!: string[];
  @ApiProperty({ type: [String] }) after!: string[];
}

export class SignedUpWithCreditsEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() businessName!: string;
  @ApiProperty({ format: 'uuid' }) firstPaymentId!: string;
  @ApiProperty(money('Balance after the first top-up')) balance!: number;
}

export class LeadEventData {
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() industry!: string;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty(money('Price charged')) price!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The lead’s fields, keyed by the industry’s columns' })
  fields!: Record<string, unknown>;
  @ApiProperty({
    type: LeadContactDto,
    description: 'LeadByte’s standard fields the lead carried (name, address, phones, email…), whatever the industry’s columns',
  })
  contact!: LeadContactDto;
}

export class LeadReportedEventData {
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ enum: ['wrong_number', 'duplicate', 'fake', 'out_of_area', 'other'] }) reason!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
}

export class LeadReprocessedDelivery {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty(money('Price charged')) price!: number;
}

export class LeadReprocessedEventData {
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ type: [LeadReprocessedDelivery] }) deliveries!: LeadReprocessedDelivery[];
  @ApiProperty({ type: [String], description: 'Clients who had the lead before' }) previousBuyers!: string[];
}

export class LeadErasedEventData {
  @ApiProperty({ format: 'uuid', description: 'The lead, as sent in its `lead.send_data`' }) leadId!: string;
  @ApiProperty({ format: 'date-time' }) erasedAt!: string;
  @ApiProperty({
    enum: ['retention', 'request'],
    description: '`retention`: the industry’s retention period ran out; `request`: the person asked to be erased',
  })
  reason!: string;
}

export class ActivityEventData {
  @ApiProperty({ format: 'uuid' }) activityId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who made the change; null for the system' }) actorUserId!:
    string | null;
  @ApiProperty({ example: 'lead_preferences.updated' }) action!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<string, unknown> | null;
}

export class AutoChargeFailedEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty() autoChargeTurnedOff!: boolean;
}

export class InvoiceIssuedEventData {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ format: 'date' }) periodStart!: string;
  @ApiProperty({ format: 'date' }) periodEnd!: string;
  @ApiProperty(money('Leads')) netAmount!: number;
  @ApiProperty(money('VAT')) vatAmount!: number;
  @ApiProperty(money('Total due')) grossAmount!: number;
  @ApiProperty({ nullable: true, type: String }) hostedInvoiceUrl!: string | null;
  @ApiProperty({ nullable: true, type: 'integer', description: 'When payment is due, in Unix seconds (Stripe’s `due_date`)' }) dueDate!:
    number | null;
}

export class SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty() planName!: string;
  @ApiProperty({ enum: ['monthly', 'yearly'] }) billingPeriod!: string;
  @ApiProperty(money('Price per month before VAT')) monthlyPrice!: number;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ description: 'Seats the plan includes' }) seatsIncluded!: number;
  @ApiProperty({ description: 'Seats bought on top' }) addOnSeats!: number;
  @ApiProperty({ description: 'Seats given free' }) compedSeats!: number;
  @ApiProperty({ description: 'Plan + add-on + comped seats' }) seatLimit!: number;
  @ApiProperty({ enum: ['active', 'past_due', 'suspended', 'canceled'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) currentPeriodStart!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Valid until; null on the free plan' })
  currentPeriodEnd!: string | null;
}

export class SubscriptionInvoiceEventData {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'LF-000001' }) number!: string;
  @ApiProperty({ enum: ['plan', 'seats', 'proration', 'advance'] }) kind!: string;
  @ApiProperty({ enum: ['draft', 'open', 'paid', 'void'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty(money('Total before VAT')) netAmount!: number;
  @ApiProperty(money('VAT')) vatAmount!: number;
  @ApiProperty(money('Total with VAT')) grossAmount!: number;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ nullable: true, type: String, example: 'LF-CN-000001', description: 'The credit note that voided it' })
  creditNoteNumber!: string | null;
}

export class SubscriptionRenewedEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid', description: 'The invoice whose payment extended it' }) invoiceId!: string;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
}

export class SubscriptionPlanChangedEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid' }) previousPlanId!: string;
}

export class SubscriptionSeatsChangedEventData extends SubscriptionStartedEventData {
  @ApiProperty() previousAddOnSeats!: number;
}

export class SubscriptionPaymentFailedEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'LF-000012' }) number!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) paymentId!: string | null;
  @ApiProperty({ description: 'What happened, in plain words' }) reason!: string;
  @ApiProperty({ description: 'Charges tried so far' }) attempts!: number;
  @ApiProperty(money('Total due')) grossAmount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The next automatic try; null when none is left' })
  nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the account is suspended if still unpaid' }) graceEndsAt!: string;
}

export class SubscriptionSuspendedEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: 'LF-000012' }) number!: string;
  @ApiProperty(money('Total due')) grossAmount!: number;
  @ApiProperty({ format: 'date-time' }) suspendedAt!: string;
}

export class SubscriptionReactivatedEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid', description: 'The invoice whose payment lifted the suspension' }) invoiceId!: string;
}

export class SubscriptionCanceledEventData extends SubscriptionStartedEventData {
  @ApiProperty({ format: 'uuid' }) previousPlanId!: string;
  @ApiProperty({ format: 'date-time' }) canceledAt!: string;
}

export class SubscriptionInvoicePaidEventData extends SubscriptionInvoiceEventData {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ format: 'date-time' }) paidAt!: string;
}

export class TestEventData {
  @ApiProperty({ example: 'This is a test event from LeadFlow.' }) message!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
}

type DataClass = new () => object;

export interface EventDefinition {
  type: string;
  version: number;
  /** Which of the seed's ten events this is (a few of them come as more than one type). */
  group: string;
  /** What people call it, and the part of the product it is about (for pickers). */
  name: string;
  category: string;
  description: string;
  data: DataClass;
}

export const EVENT_CATALOG: EventDefinition[] = [
  {
    type: 'activity.recorded',
    name: 'Account change recorded',
    category: 'Your account',
    version: 1,
    group: 'Activity log',
    description: 'Any change to a client account, by the client or an admin: who, what, before and after.',
    data: ActivityEventData,
  },
  {
    type: 'business_details.submitted',
    name: 'Business details submitted',
    category: 'Your account',
    version: 1,
    group: 'Business details submission',
    description: 'The client submitted their business and service details for the first time.',
    data: BusinessDetailsEventData,
  },
  {
    type: 'business_details.updated',
    name: 'Business details changed',
    category: 'Your account',
    version: 1,
    group: 'Business details submission',
    description: 'The client changed their business or service details.',
    data: BusinessDetailsEventData,
  },
  {
    type: 'cms.buyer',
    name: 'Buyer set up (for your CMS)',
    category: 'Sign-up',
    version: 2,
    group: 'CMS buyer',
    description:
      'All of the client’s details when onboarding completes, to create the buyer in the CMS: owner, business (with address and industry), lead preferences and integration ids. Version 2 is the first to follow this schema (version 1 sent `contact`, `address`, `externalIds` at the top level).',
    data: CmsBuyerEventData,
  },
  {
    type: 'credits.zero',
    name: 'Credit ran out',
    category: 'Credit and billing',
    version: 1,
    group: 'Event expansion',
    description: 'The balance reached zero.',
    data: CreditsEventData,
  },
  {
    type: 'credits.low',
    name: 'Credit running low',
    category: 'Credit and billing',
    version: 1,
    group: 'Event expansion',
    description: 'The balance fell below the auto-charge threshold.',
    data: CreditsEventData,
  },
  {
    type: 'credits.topped_up',
    name: 'Credit added',
    category: 'Credit and billing',
    version: 1,
    group: 'Event expansion',
    description: 'Credit was added by a payment (top-up, auto-charge or paid invoice).',
    data: TopUpEventData,
  },
  {
    type: 'postcode_areas.updated',
    name: 'Postcode areas changed',
    category: 'Your account',
    version: 1,
    group: 'Event expansion',
    description: 'The client changed the postcode areas they take leads from.',
    data: PostcodeAreasEventData,
  },
  {
    type: 'client.signed_up_non_billable',
    name: 'Sign-up finished (not billed by credit)',
    category: 'Sign-up',
    version: 2,
    group: 'Fully signed up non-billable',
    description: 'A non-billable client completed onboarding (the same payload as `cms.buyer`, version 2 likewise).',
    data: CmsBuyerEventData,
  },
  {
    type: 'client.signed_up_with_credits',
    name: 'Sign-up finished, first credit bought',
    category: 'Sign-up',
    version: 1,
    group: 'Fully signed up with credits',
    description: 'A client completed onboarding and their first top-up.',
    data: SignedUpWithCreditsEventData,
  },
  {
    type: 'lead.details_submitted',
    name: 'Lead delivered',
    category: 'Leads',
    version: 1,
    group: 'Lead details submission',
    description: 'A lead was delivered to the client (its details, for the CMS).',
    data: LeadEventData,
  },
  {
    type: 'lead.send_data',
    name: 'Lead data to send on',
    category: 'Leads',
    version: 1,
    group: 'Send lead data',
    description:
      'A lead was delivered to the client: its fields and contact (name, address, phones, email), for the client’s own systems (e.g. their Zapier URL).',
    data: LeadEventData,
  },
  {
    type: 'lead.reported',
    name: 'Lead reported',
    category: 'Leads',
    version: 1,
    group: 'Lead reported',
    description: 'The client reported a lead.',
    data: LeadReportedEventData,
  },
  {
    type: 'lead.reprocessed',
    name: 'Lead reprocessed',
    category: 'Leads',
    version: 1,
    group: 'Lead reprocessed',
    description: 'An admin reprocessed a lead: it went to other eligible buyers.',
    data: LeadReprocessedEventData,
  },
  {
    type: 'lead.erased',
    name: 'Lead’s personal data erased',
    category: 'Leads',
    version: 1,
    group: 'Data protection',
    description:
      'A lead you bought had its personal data erased (names, email, phones, address, free text): its retention period ran out, or the person asked. Erase your own copies too; industry, postcode district, price and dates are kept. Earlier events of the lead are rewritten the same way, so a replay sends nothing personal.',
    data: LeadErasedEventData,
  },
  {
    type: 'auto_charge.failed',
    name: 'Auto-charge failed',
    category: 'Credit and billing',
    version: 1,
    group: 'Billing',
    description: 'An automatic charge failed.',
    data: AutoChargeFailedEventData,
  },
  {
    type: 'invoice.issued',
    name: 'Weekly invoice issued',
    category: 'Credit and billing',
    version: 1,
    group: 'Billing',
    description: 'A weekly invoice was issued.',
    data: InvoiceIssuedEventData,
  },
  {
    type: 'subscription.started',
    name: 'Subscription started',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'A client’s platform subscription started: the plan (the free plan on sign-up) and its seats.',
    data: SubscriptionStartedEventData,
  },
  {
    type: 'subscription.renewed',
    name: 'Subscription renewed',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'A paid invoice extended the subscription’s “valid until” (a renewal, or periods paid ahead).',
    data: SubscriptionRenewedEventData,
  },
  {
    type: 'subscription.plan_changed',
    name: 'Subscription plan changed',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'The client’s plan changed: an upgrade (now), a downgrade at the end of the paid time, or an admin’s change.',
    data: SubscriptionPlanChangedEventData,
  },
  {
    type: 'subscription.seats_changed',
    name: 'Subscription seats changed',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'Add-on seats were bought (now) or removed (at the end of the paid time).',
    data: SubscriptionSeatsChangedEventData,
  },
  {
    type: 'subscription.payment_failed',
    name: 'Subscription payment failed',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'A charge of a subscription invoice failed or needs the client to approve it; the account is past due.',
    data: SubscriptionPaymentFailedEventData,
  },
  {
    type: 'subscription.suspended',
    name: 'Subscription suspended',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'An invoice stayed unpaid past the grace period: no leads are delivered until it is paid.',
    data: SubscriptionSuspendedEventData,
  },
  {
    type: 'subscription.reactivated',
    name: 'Subscription reactivated',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'The overdue invoice was paid: leads are delivered again.',
    data: SubscriptionReactivatedEventData,
  },
  {
    type: 'subscription.canceled',
    name: 'Subscription canceled',
    category: 'Your account',
    version: 1,
    group: 'Subscription',
    description: 'A canceled paid plan ended with its paid time; the client is back on the free plan.',
    data: SubscriptionCanceledEventData,
  },
  {
    type: 'subscription_invoice.issued',
    name: 'Subscription invoice issued',
    category: 'Your account',
    version: 1,
    group: 'Billing',
    description: 'An invoice for the platform subscription was issued (not a weekly leads invoice: that is invoice.issued).',
    data: SubscriptionInvoiceEventData,
  },
  {
    type: 'subscription_invoice.voided',
    name: 'Subscription invoice voided',
    category: 'Your account',
    version: 1,
    group: 'Billing',
    description: 'A subscription invoice was voided by a credit note.',
    data: SubscriptionInvoiceEventData,
  },
  {
    type: 'subscription_invoice.paid',
    name: 'Subscription invoice paid',
    category: 'Your account',
    version: 1,
    group: 'Billing',
    description: 'A subscription invoice was paid (for a card payment made at once, right after it was issued).',
    data: SubscriptionInvoicePaidEventData,
  },
  {
    type: 'webhook.test',
    name: 'Test event',
    category: 'Testing',
    version: 1,
    group: 'Testing',
    description: 'Sent by “Send test event”; only to the endpoint it was sent from.',
    data: TestEventData,
  },
];

export const EVENT_TYPES = EVENT_CATALOG.map((e) => e.type);
/** What an endpoint may subscribe to (the test event is sent on request only). */
export const SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES.filter((t) => t !== 'webhook.test');
export const EVENT_VERSIONS: Record<string, number> = Object.fromEntries(EVENT_CATALOG.map((e) => [e.type, e.version]));

/** The body of every webhook: `{ id, type, version, timestamp, data }`. */
export class WebhookEnvelopeDto {
  @ApiProperty({ format: 'uuid', description: 'The event id; also sent as the `webhook-id` header and stable across retries' }) id!: string;
  @ApiProperty({ enum: EVENT_TYPES }) type!: string;
  @ApiProperty({ description: 'The version of this type’s payload schema' }) version!: number;
  @ApiProperty({ format: 'date-time', description: 'When the event happened' }) timestamp!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The client the event is about' }) clientId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The payload; its schema depends on the type' }) data!: Record<
    string,
    unknown
  >;
}

export interface WebhookEnvelope {
  id: string;
  type: string;
  version: number;
  timestamp: string;
  clientId: string | null;
  data: Record<string, unknown>;
}
