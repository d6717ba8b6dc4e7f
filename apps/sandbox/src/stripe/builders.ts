import Stripe from 'stripe';
import type { CardInfo } from './cards';

/**
 * Builders for the objects the sandbox returns, typed against the `stripe` package so a
 * change in the SDK's types (a new required field, a renamed one) fails to compile here.
 * Fields Stripe returns but the sandbox does not model are filled with Stripe's own
 * "not set" values (null / false / empty list).
 */

export type Metadata = Record<string, string>;

export function emptyList<T>(url: string): Stripe.ApiList<T> {
  return { object: 'list', data: [], has_more: false, url };
}

export interface CustomerInput {
  id: string;
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  phone: string | null;
  metadata: Metadata;
  defaultPaymentMethod: string | null;
}

export function buildCustomer(c: CustomerInput): Stripe.Customer {
  return {
    id: c.id,
    object: 'customer',
    address: null,
    balance: 0,
    created: c.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: c.description,
    discount: null,
    email: c.email,
    invoice_prefix: c.id.slice(4, 12).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: c.defaultPaymentMethod,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: c.metadata,
    name: c.name,
    next_invoice_sequence: 1,
    phone: c.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  } satisfies Stripe.Customer;
}

export function buildPaymentMethod(p: {
  id: string;
  created: number;
  card: CardInfo;
  expMonth: number;
  expYear: number;
  customer: string | null;
  name: string | null;
  email: string | null;
  metadata: Metadata;
}): Stripe.PaymentMethod {
  return {
    id: p.id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: p.email, name: p.name, phone: null, tax_id: null },
    card: {
      brand: p.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'GB',
      display_brand: p.card.brand,
      exp_month: p.expMonth,
      exp_year: p.expYear,
      fingerprint: p.card.number.slice(-8).split('').reverse().join('') + 'sbx00000',
      funding: 'credit',
      generated_from: null,
      last4: p.card.number.slice(-4),
      networks: { available: [p.card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: p.created,
    customer: p.customer,
    customer_account: null,
    livemode: false,
    metadata: p.metadata,
    type: 'card',
  } satisfies Stripe.PaymentMethod;
}

export function buildSetupIntent(s: {
  id: string;
  created: number;
  customer: string | null;
  paymentMethod: string | null;
  description: string | null;
  metadata: Metadata;
  usage: string;
  paymentMethodTypes: string[];
}): Stripe.SetupIntent {
  return {
    id: s.id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${s.id}_secret_${s.id.slice(5, 15)}`,
    created: s.created,
    customer: s.customer,
    description: s.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: s.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: s.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: s.paymentMethodTypes,
    single_use_mandate: null,
    status: s.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    usage: s.usage,
  } satisfies Stripe.SetupIntent;
}

export function buildPaymentIntent(p: {
  id: string;
  created: number;
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  description: string | null;
  metadata: Metadata;
  receiptEmail: string | null;
  setupFutureUsage: Stripe.PaymentIntent.SetupFutureUsage | null;
  paymentMethodTypes: string[];
  captureMethod: Stripe.PaymentIntent.CaptureMethod;
}): Stripe.PaymentIntent {
  return {
    id: p.id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: p.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.captureMethod,
    client_secret: `${p.id}_secret_${p.id.slice(3, 15)}`,
    confirmation_method: 'automatic',
    created: p.created,
    currency: p.currency,
    customer: p.customer,
    customer_account: null,
    description: p.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: p.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: p.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: p.paymentMethodTypes,
    payment_record: null,
    processing: null,
    receipt_email: p.receiptEmail,
    review: null,
    setup_future_usage: p.setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: p.paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  } satisfies Stripe.PaymentIntent;
}

export function buildCheckoutSession(s: {
  id: string;
  created: number;
  customer: string | null;
  customerEmail: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  url: string;
  setupIntent: string;
  currency: string | null;
  metadata: Metadata;
  clientReferenceId: string | null;
  paymentMethodTypes: string[];
}): Stripe.Checkout.Session {
  return {
    id: s.id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: s.cancelUrl,
    client_reference_id: s.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: s.created,
    currency: s.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: s.customer,
    customer_account: null,
    customer_creation: null,
    customer_details: s.customerEmail
      ? {
          address: null,
          business_name: null,
          email: s.customerEmail,
          individual_name: null,
          name: null,
          phone: null,
          tax_exempt: 'none',
          tax_ids: null,
        }
      : null,
    customer_email: s.customerEmail,
    discounts: null,
    expires_at: s.created + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: s.metadata,
    mode: 'setup',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: s.paymentMethodTypes,
    payment_status: 'no_payment_required',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: s.setupIntent,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: s.successUrl,
    total_details: null,
    ui_mode: 'hosted',
    url: s.url,
    wallet_options: null,
  } satisfies Stripe.Checkout.Session;
}

export function buildInvoiceItem(i: {
  id: string;
  created: number;
  amount: number;
  unitAmount: number;
  quantity: number;
  currency: string;
  customer: string;
  description: string | null;
  invoice: string | null;
  metadata: Metadata;
}): Stripe.InvoiceItem {
  return {
    id: i.id,
    object: 'invoiceitem',
    amount: i.amount,
    currency: i.currency,
    customer: i.customer,
    customer_account: null,
    date: i.created,
    description: i.description,
    discountable: true,
    discounts: [],
    invoice: i.invoice,
    livemode: false,
    metadata: i.metadata,
    net_amount: i.amount,
    parent: null,
    period: { end: i.created, start: i.created },
    pricing: { type: 'price_details', unit_amount_decimal: Stripe.Decimal.from(i.unitAmount) },
    proration: false,
    quantity: i.quantity,
    quantity_decimal: Stripe.Decimal.from(i.quantity),
    tax_rates: [],
    test_clock: null,
  } satisfies Stripe.InvoiceItem;
}

export function buildInvoiceLine(item: Stripe.InvoiceItem, invoiceId: string): Stripe.InvoiceLineItem {
  return {
    id: `il_${item.id.slice(3)}`,
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: item.metadata ?? {},
    parent: {
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
      type: 'invoice_item_details',
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  } satisfies Stripe.InvoiceLineItem;
}

export function buildInvoice(i: {
  id: string;
  created: number;
  customer: Stripe.Customer;
  currency: string;
  collectionMethod: Stripe.Invoice.CollectionMethod;
  daysUntilDue: number | null;
  autoAdvance: boolean;
  description: string | null;
  metadata: Metadata;
  defaultPaymentMethod: string | null;
  accountName: string;
}): Stripe.Invoice {
  return {
    id: i.id,
    object: 'invoice',
    account_country: 'GB',
    account_name: i.accountName,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: i.autoAdvance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: i.autoAdvance ? i.created + 3600 : null,
    billing_reason: 'manual',
    collection_method: i.collectionMethod,
    created: i.created,
    currency: i.currency,
    custom_fields: null,
    customer: i.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: i.customer.email,
    customer_name: i.customer.name ?? null,
    customer_phone: i.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: i.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: i.description,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: emptyList<Stripe.InvoiceLineItem>(`/v1/invoices/${i.id}/lines`),
    livemode: false,
    metadata: i.metadata,
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: i.created,
    period_start: i.created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
}

/** Event types the sandbox emits, each tied (by the SDK's own union) to its data.object type. */
export type SandboxEventType =
  | 'customer.created'
  | 'customer.updated'
  | 'payment_method.attached'
  | 'payment_method.detached'
  | 'setup_intent.created'
  | 'setup_intent.succeeded'
  | 'setup_intent.setup_failed'
  | 'setup_intent.requires_action'
  | 'checkout.session.completed'
  | 'payment_intent.created'
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.requires_action'
  | 'payment_intent.canceled'
  | 'invoiceitem.created'
  | 'invoice.created'
  | 'invoice.finalized'
  | 'invoice.sent'
  | 'invoice.paid'
  | 'invoice.payment_succeeded'
  | 'invoice.payment_failed'
  | 'invoice.voided';

export type EventOf<T extends SandboxEventType> = Extract<Stripe.Event, { type: T }>;
export type EventObject<T extends SandboxEventType> = EventOf<T>['data']['object'];

export function buildEvent<T extends SandboxEventType>(e: {
  id: string;
  created: number;
  type: T;
  object: EventObject<T>;
  previousAttributes?: Partial<EventObject<T>>;
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
}): EventOf<T> {
  const event = {
    id: e.id,
    object: 'event',
    api_version: e.apiVersion,
    created: e.created,
    data: e.previousAttributes ? { object: e.object, previous_attributes: e.previousAttributes } : { object: e.object },
    livemode: false,
    pending_webhooks: 0,
    request: { id: e.requestId, idempotency_key: e.idempotencyKey },
    type: e.type,
  } satisfies Stripe.EventBase;
  // The union member is chosen by `type`; TypeScript cannot narrow a generic T to it.
  return event as EventOf<T>;
}
