import Stripe from 'stripe';
import type { Clock } from '../core/clock';
import { stripeId } from '../core/ids';
import {
  buildCheckoutSession,
  buildCustomer,
  buildEvent,
  buildInvoice,
  buildInvoiceItem,
  buildInvoiceLine,
  buildPaymentIntent,
  buildPaymentMethod,
  buildSetupIntent,
  type EventObject,
  type SandboxEventType,
} from './builders';
import { TEST_PAYMENT_METHOD_TOKENS, cardInfo, declineFor, type CardInfo, type Decline } from './cards';
import { StripeApiError, type StripeErrorBody } from './errors';
import { Params, mergeMetadata } from './params';
import { compileSearch } from './search';
import type { WebhookDispatcher } from './webhooks';

export interface CallContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

/** Changes made from hosted pages (no API request behind them). */
export const HOSTED: CallContext = { requestId: null, idempotencyKey: null };

interface PaymentMethodRecord {
  pm: Stripe.PaymentMethod;
  card: CardInfo;
  /** True once a SetupIntent/Checkout (or an on-session payment with setup_future_usage) set it up. */
  setUpForOffSession: boolean;
}

interface PaymentIntentRecord {
  pi: Stripe.PaymentIntent;
  invoiceId: string | null;
  returnUrl: string | null;
}

interface SetupIntentRecord {
  si: Stripe.SetupIntent;
  sessionId: string | null;
  returnUrl: string | null;
}

export interface ListResult<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc?: string;
  name?: string | null;
  email?: string | null;
}

export interface InvoiceSentHook {
  (invoice: Stripe.Invoice, customer: Stripe.Customer): void;
}

export interface StripeServiceOptions {
  clock: Clock;
  publicUrl: () => string;
  dispatcher: WebhookDispatcher;
  accountName: string;
  onInvoiceSent?: InvoiceSentHook;
}

/** A JSON round trip: events keep the object as it was, later changes don't leak in. */
function snapshot<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function paginate<T extends { id: string }>(items: T[], p: Params, url: string): ListResult<T> {
  const limit = Math.min(Math.max(p.int('limit') ?? 10, 1), 100);
  const startingAfter = p.str('starting_after');
  const endingBefore = p.str('ending_before');
  let slice = items;
  if (startingAfter) {
    const idx = items.findIndex((i) => i.id === startingAfter);
    slice = idx >= 0 ? items.slice(idx + 1) : [];
  } else if (endingBefore) {
    const idx = items.findIndex((i) => i.id === endingBefore);
    slice = idx >= 0 ? items.slice(Math.max(0, idx - limit), idx) : [];
    return { object: 'list', data: slice, has_more: idx - limit > 0, url };
  }
  return { object: 'list', data: slice.slice(0, limit), has_more: slice.length > limit, url };
}

/** Stripe's `created` list filter: an exact timestamp, or a hash of gt / gte / lt / lte. */
function createdFilter(p: Params): (created: number) => boolean {
  if (typeof p.raw.created === 'string') {
    const exact = p.int('created');
    return (c) => exact === undefined || c === exact;
  }
  const range = p.obj('created');
  if (!range) return () => true;
  const [gt, gte, lt, lte] = (['gt', 'gte', 'lt', 'lte'] as const).map((k) => range.int(k));
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}

export class StripeService {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  readonly setupIntents = new Map<string, SetupIntentRecord>();
  readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly invoiceItems = new Map<string, Stripe.InvoiceItem>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly events = new Map<string, Stripe.Event>();
  private invoiceSeq = 0;

  constructor(private readonly o: StripeServiceOptions) {}

  get accountName(): string {
    return this.o.accountName;
  }

  reset(): void {
    this.customers.clear();
    this.paymentMethods.clear();
    this.setupIntents.clear();
    this.paymentIntents.clear();
    this.sessions.clear();
    this.invoiceItems.clear();
    this.invoices.clear();
    this.events.clear();
    this.invoiceSeq = 0;
  }

  private now(): number {
    return this.o.clock.nowSeconds();
  }

  // ---------------------------------------------------------------- events

  emit<T extends SandboxEventType>(
    type: T,
    object: EventObject<T>,
    ctx: CallContext,
    previousAttributes?: Partial<EventObject<T>>,
  ): Stripe.Event {
    const event: Stripe.Event = buildEvent({
      id: stripeId('evt'),
      created: this.now(),
      type,
      object: snapshot(object),
      previousAttributes,
      requestId: ctx.requestId,
      idempotencyKey: ctx.idempotencyKey,
      apiVersion: Stripe.API_VERSION,
    });
    if (this.o.dispatcher.getTarget()) event.pending_webhooks = 1;
    this.events.set(event.id, event);
    void this.o.dispatcher.enqueue(event, () => {
      event.pending_webhooks = 0;
    });
    return event;
  }

  retrieveEvent(id: string): Stripe.Event {
    const e = this.events.get(id);
    if (!e) throw StripeApiError.missing('event', id);
    return e;
  }

  listEvents(p: Params): ListResult<Stripe.Event> {
    const type = p.str('type');
    const types = p.strArray('types');
    let items = newestFirst(this.events);
    if (type) {
      const re = new RegExp(`^${type.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
      items = items.filter((e) => re.test(e.type));
    }
    if (types) items = items.filter((e) => types.includes(e.type));
    return paginate(items, p, '/v1/events');
  }

  // ---------------------------------------------------------------- customers

  retrieveCustomer(id: string, param = 'id'): Stripe.Customer {
    const c = this.customers.get(id);
    if (!c) throw StripeApiError.missing('customer', id, param);
    return c;
  }

  createCustomer(p: Params, ctx: CallContext): Stripe.Customer {
    p.allowOnly([
      'email',
      'name',
      'description',
      'phone',
      'address',
      'metadata',
      'payment_method',
      'invoice_settings',
      'preferred_locales',
    ]);
    const customer = buildCustomer({
      id: stripeId('cus', 14),
      created: this.now(),
      email: p.str('email') ?? null,
      name: p.str('name') ?? null,
      description: p.str('description') ?? null,
      phone: p.str('phone') ?? null,
      metadata: p.metadata() ?? {},
      defaultPaymentMethod: null,
    });
    customer.address = readAddress(p) ?? null;
    const pmId = p.str('payment_method');
    // Validate before storing so a bad payment method leaves no half-created customer.
    const pmRecord = pmId ? this.resolvePaymentMethod(pmId, 'payment_method') : undefined;
    if (pmRecord) this.assertAttachable(pmRecord, customer.id);
    this.customers.set(customer.id, customer);
    this.emit('customer.created', customer, ctx);
    if (pmRecord) this.attachRecord(pmRecord, customer.id, ctx);
    const defaultPm = p.obj('invoice_settings')?.str('default_payment_method');
    if (defaultPm) {
      this.setDefaultPaymentMethod(customer, defaultPm);
    }
    return customer;
  }

  private setDefaultPaymentMethod(customer: Stripe.Customer, pmId: string): void {
    const rec = this.paymentMethods.get(pmId);
    if (!rec || rec.pm.customer !== customer.id) {
      throw StripeApiError.invalid(
        `No such PaymentMethod: '${pmId}'; The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
        'invoice_settings[default_payment_method]',
        'resource_missing',
      );
    }
    customer.invoice_settings.default_payment_method = pmId;
  }

  updateCustomer(id: string, p: Params, ctx: CallContext): Stripe.Customer {
    p.allowOnly(['email', 'name', 'description', 'phone', 'address', 'metadata', 'invoice_settings', 'preferred_locales']);
    const customer = this.retrieveCustomer(id);
    const before = snapshot(customer);
    const previous: Partial<Stripe.Customer> = {};
    const address = readAddress(p);
    if (address !== undefined && JSON.stringify(address) !== JSON.stringify(before.address)) {
      customer.address = address;
      previous.address = before.address;
    }
    const email = p.str('email');
    const name = p.str('name');
    const description = p.str('description');
    const phone = p.str('phone');
    const defaultPm = p.obj('invoice_settings')?.str('default_payment_method');
    if (defaultPm !== undefined) {
      if (defaultPm === '') customer.invoice_settings.default_payment_method = null;
      else this.setDefaultPaymentMethod(customer, defaultPm);
      if (before.invoice_settings.default_payment_method !== customer.invoice_settings.default_payment_method) {
        previous.invoice_settings = before.invoice_settings;
      }
    }
    if (email !== undefined && email !== before.email) {
      customer.email = email || null;
      previous.email = before.email;
    }
    if (name !== undefined && name !== before.name) {
      customer.name = name || null;
      previous.name = before.name;
    }
    if (description !== undefined && description !== before.description) {
      customer.description = description || null;
      previous.description = before.description;
    }
    if (phone !== undefined && phone !== before.phone) {
      customer.phone = phone || null;
      previous.phone = before.phone;
    }
    const metadata = p.metadata();
    if (metadata !== undefined) {
      customer.metadata = mergeMetadata(customer.metadata, metadata);
      if (JSON.stringify(customer.metadata) !== JSON.stringify(before.metadata)) previous.metadata = before.metadata;
    }
    if (Object.keys(previous).length > 0) this.emit('customer.updated', customer, ctx, previous);
    return customer;
  }

  listCustomers(p: Params): ListResult<Stripe.Customer> {
    const email = p.str('email');
    const items = newestFirst(this.customers).filter((c) => !email || c.email === email);
    return paginate(items, p, '/v1/customers');
  }

  searchCustomers(p: Params): SearchResult<Stripe.Customer> {
    const match = compileSearch(p.requiredStr('query'), ['email', 'name', 'phone', 'created']);
    const data = newestFirst(this.customers).filter((c) =>
      match((field, key) => {
        if (field === 'metadata') return key ? c.metadata[key] : undefined;
        if (field === 'email') return c.email;
        if (field === 'name') return c.name;
        if (field === 'phone') return c.phone;
        if (field === 'created') return c.created;
        return undefined;
      }),
    );
    const limit = p.int('limit') ?? 10;
    return {
      object: 'search_result',
      data: data.slice(0, limit),
      has_more: data.length > limit,
      next_page: null,
      url: '/v1/customers/search',
    };
  }

  // ---------------------------------------------------------------- payment methods

  private newPaymentMethod(card: CardInfo, input: Omit<CardInput, 'number'>, metadata: Record<string, string>): PaymentMethodRecord {
    const pm = buildPaymentMethod({
      id: stripeId('pm'),
      created: this.now(),
      card,
      expMonth: input.expMonth,
      expYear: input.expYear,
      customer: null,
      name: input.name ?? null,
      email: input.email ?? null,
      metadata,
    });
    const rec: PaymentMethodRecord = { pm, card, setUpForOffSession: false };
    this.paymentMethods.set(pm.id, rec);
    return rec;
  }

  /** Validate card details the way Stripe does (402 card_error for a bad number/expiry/CVC). */
  createCardPaymentMethod(input: CardInput, metadata: Record<string, string> = {}): PaymentMethodRecord {
    const card = cardInfo(input.number);
    if (!card) {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'incorrect_number',
        message: 'Your card number is incorrect.',
        param: 'number',
      });
    }
    if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'invalid_expiry_month',
        message: "Your card's expiration month is invalid.",
        param: 'exp_month',
      });
    }
    const year = input.expYear < 100 ? 2000 + input.expYear : input.expYear;
    const nowDate = new Date(this.o.clock.nowMs());
    const expired = year < nowDate.getUTCFullYear() || (year === nowDate.getUTCFullYear() && input.expMonth < nowDate.getUTCMonth() + 1);
    if (!Number.isInteger(year) || expired) {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'invalid_expiry_year',
        message: "Your card's expiration year is invalid.",
        param: 'exp_year',
      });
    }
    if (input.cvc !== undefined && input.cvc !== '' && !/^\d{3,4}$/.test(input.cvc)) {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'invalid_cvc',
        message: "Your card's security code is invalid.",
        param: 'cvc',
      });
    }
    return this.newPaymentMethod(card, { ...input, expYear: year }, metadata);
  }

  /** A stored PaymentMethod, or a fresh one minted from a test token like `pm_card_visa`. */
  resolvePaymentMethod(id: string, param = 'payment_method'): PaymentMethodRecord {
    const token = TEST_PAYMENT_METHOD_TOKENS[id];
    if (token) {
      const card = cardInfo(token);
      if (!card) throw new Error(`bad test card ${token}`);
      const nextYear = new Date(this.o.clock.nowMs()).getUTCFullYear() + 1;
      return this.newPaymentMethod(card, { expMonth: 12, expYear: nextYear }, {});
    }
    const rec = this.paymentMethods.get(id);
    if (!rec) throw StripeApiError.missing('PaymentMethod', id, param);
    return rec;
  }

  createPaymentMethod(p: Params): Stripe.PaymentMethod {
    p.allowOnly(['type', 'card', 'billing_details', 'metadata']);
    const type = p.requiredStr('type');
    if (type !== 'card') throw StripeApiError.invalid(`The sandbox supports only type=card, got '${type}'.`, 'type');
    const card = p.obj('card');
    if (!card) throw StripeApiError.invalid('Missing required param: card.', 'card', 'parameter_missing');
    const token = card.str('token');
    const billing = p.obj('billing_details');
    if (token) {
      const rec = this.resolvePaymentMethod(token.replace(/^tok_/, 'pm_card_'), 'card[token]');
      return rec.pm;
    }
    const rec = this.createCardPaymentMethod(
      {
        number: card.requiredStr('number'),
        expMonth: card.requiredInt('exp_month'),
        expYear: card.requiredInt('exp_year'),
        cvc: card.str('cvc'),
        name: billing?.str('name') ?? null,
        email: billing?.str('email') ?? null,
      },
      p.metadata() ?? {},
    );
    return rec.pm;
  }

  retrievePaymentMethod(id: string): Stripe.PaymentMethod {
    const rec = this.paymentMethods.get(id);
    if (!rec) throw StripeApiError.missing('PaymentMethod', id);
    return rec.pm;
  }

  private assertAttachable(rec: PaymentMethodRecord, customerId: string): void {
    if (rec.pm.customer && rec.pm.customer !== customerId) {
      throw StripeApiError.invalid(
        'The payment method you provided has already been attached to a customer.',
        'payment_method',
        'payment_method_unexpected_state',
      );
    }
    // Attaching runs a card check: hard declines fail here, like Stripe (0341 only fails on charge).
    const outcome = rec.card.outcome;
    if (outcome === 'generic_decline' || outcome === 'expired_card' || outcome === 'incorrect_cvc' || outcome === 'processing_error') {
      const d = declineFor(outcome);
      if (d) throw new StripeApiError(402, { type: 'card_error', code: d.code, decline_code: d.decline_code, message: d.message });
    }
  }

  private attachRecord(rec: PaymentMethodRecord, customerId: string, ctx: CallContext): void {
    if (rec.pm.customer === customerId) return;
    rec.pm.customer = customerId;
    this.emit('payment_method.attached', rec.pm, ctx);
  }

  attachPaymentMethod(id: string, p: Params, ctx: CallContext): Stripe.PaymentMethod {
    p.allowOnly(['customer']);
    const customerId = p.requiredStr('customer');
    this.retrieveCustomer(customerId, 'customer');
    const rec = this.resolvePaymentMethod(id, 'payment_method');
    this.assertAttachable(rec, customerId);
    this.attachRecord(rec, customerId, ctx);
    return rec.pm;
  }

  detachPaymentMethod(id: string, ctx: CallContext): Stripe.PaymentMethod {
    const rec = this.paymentMethods.get(id);
    if (!rec) throw StripeApiError.missing('PaymentMethod', id);
    if (!rec.pm.customer) {
      throw StripeApiError.invalid(
        'The payment method you provided is not attached to a customer so detachment is impossible.',
        undefined,
        'payment_method_unexpected_state',
      );
    }
    const customerId = typeof rec.pm.customer === 'string' ? rec.pm.customer : rec.pm.customer.id;
    const customer = this.customers.get(customerId);
    if (customer && customer.invoice_settings.default_payment_method === id) customer.invoice_settings.default_payment_method = null;
    rec.pm.customer = null;
    rec.setUpForOffSession = false;
    this.emit('payment_method.detached', rec.pm, ctx);
    return rec.pm;
  }

  listPaymentMethods(p: Params, customerId?: string): ListResult<Stripe.PaymentMethod> {
    const customer = customerId ?? p.str('customer');
    if (customer) this.retrieveCustomer(customer, 'customer');
    const type = p.str('type');
    const items = newestFirst(this.paymentMethods)
      .map((r) => r.pm)
      .filter((pm) => (!customer || pm.customer === customer) && (!type || pm.type === type));
    return paginate(items, p, customerId ? `/v1/customers/${customerId}/payment_methods` : '/v1/payment_methods');
  }

  // ---------------------------------------------------------------- setup intents

  retrieveSetupIntent(id: string): SetupIntentRecord {
    const rec = this.setupIntents.get(id);
    if (!rec) throw StripeApiError.missing('setupintent', id);
    return rec;
  }

  createSetupIntent(p: Params, ctx: CallContext): Stripe.SetupIntent {
    p.allowOnly([
      'customer',
      'payment_method',
      'confirm',
      'usage',
      'metadata',
      'description',
      'payment_method_types',
      'return_url',
      'automatic_payment_methods',
    ]);
    const customer = p.str('customer');
    if (customer) this.retrieveCustomer(customer, 'customer');
    const pmId = p.str('payment_method');
    const pmRec = pmId ? this.resolvePaymentMethod(pmId) : undefined;
    const usage = p.str('usage') ?? 'off_session';
    if (usage !== 'off_session' && usage !== 'on_session') throw StripeApiError.invalid(`Invalid usage: ${usage}`, 'usage');
    const si = buildSetupIntent({
      id: stripeId('seti'),
      created: this.now(),
      customer: customer ?? null,
      paymentMethod: pmRec?.pm.id ?? null,
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      usage,
      paymentMethodTypes: p.strArray('payment_method_types') ?? ['card'],
    });
    const rec: SetupIntentRecord = { si, sessionId: null, returnUrl: p.str('return_url') ?? null };
    this.setupIntents.set(si.id, rec);
    this.emit('setup_intent.created', si, ctx);
    if (p.bool('confirm')) this.confirmSetupRecord(rec, undefined, ctx);
    return si;
  }

  confirmSetupIntent(id: string, p: Params, ctx: CallContext): Stripe.SetupIntent {
    p.allowOnly(['payment_method', 'return_url', 'mandate_data']);
    const rec = this.retrieveSetupIntent(id);
    const returnUrl = p.str('return_url');
    if (returnUrl) rec.returnUrl = returnUrl;
    const pmId = p.str('payment_method');
    this.confirmSetupRecord(rec, pmId ? this.resolvePaymentMethod(pmId) : undefined, ctx);
    return rec.si;
  }

  /**
   * Runs the card's setup outcome. `authenticated` is true when the cardholder just passed
   * 3-D Secure on a hosted page (Checkout's inline challenge or the authenticate page).
   */
  confirmSetupRecord(rec: SetupIntentRecord, pmRec: PaymentMethodRecord | undefined, ctx: CallContext, authenticated = false): void {
    const si = rec.si;
    if (si.status !== 'requires_payment_method' && si.status !== 'requires_confirmation' && si.status !== 'requires_action') {
      throw StripeApiError.unexpectedState(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, {
        code: 'setup_intent_unexpected_state',
        setup_intent: snapshot(si),
      });
    }
    if (pmRec) si.payment_method = pmRec.pm.id;
    const pmId = typeof si.payment_method === 'string' ? si.payment_method : si.payment_method?.id;
    if (!pmId) {
      throw StripeApiError.unexpectedState("You cannot confirm this SetupIntent because it's missing a payment method.", {
        code: 'setup_intent_unexpected_state',
        setup_intent: snapshot(si),
      });
    }
    const rec2 = this.resolvePaymentMethod(pmId);
    const customerId = typeof si.customer === 'string' ? si.customer : null;
    if (customerId && rec2.pm.customer && rec2.pm.customer !== customerId) {
      throw StripeApiError.invalid('The provided PaymentMethod is attached to a different Customer.', 'payment_method');
    }
    const decline = declineFor(rec2.card.outcome === 'attach_ok_charge_declined' ? 'succeed' : rec2.card.outcome);
    if (decline) {
      si.status = 'requires_payment_method';
      si.last_setup_error = {
        type: 'card_error',
        code: decline.code as Stripe.SetupIntent.LastSetupError.Code,
        decline_code: decline.decline_code,
        message: decline.message,
        payment_method: snapshot(rec2.pm),
      };
      this.emit('setup_intent.setup_failed', si, ctx);
      throw new StripeApiError(402, {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.decline_code,
        message: decline.message,
        setup_intent: snapshot(si),
        payment_method: snapshot(rec2.pm),
      });
    }
    const needsAuth = rec2.card.outcome === 'auth_unless_setup' || rec2.card.outcome === 'auth_always';
    if (needsAuth && !authenticated) {
      si.status = 'requires_action';
      si.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: { url: `${this.o.publicUrl()}/hosted/authenticate/${si.id}`, return_url: rec.returnUrl },
      };
      si.last_setup_error = null;
      this.emit('setup_intent.requires_action', si, ctx);
      return;
    }
    si.status = 'succeeded';
    si.next_action = null;
    si.last_setup_error = null;
    if (customerId) this.attachRecord(rec2, customerId, ctx);
    if (si.usage === 'off_session') rec2.setUpForOffSession = true;
    this.emit('setup_intent.succeeded', si, ctx);
    if (rec.sessionId) this.completeSession(rec.sessionId, ctx);
  }

  failSetupAuthentication(rec: SetupIntentRecord, ctx: CallContext): void {
    const si = rec.si;
    if (si.status !== 'requires_action') return;
    si.status = 'requires_payment_method';
    si.next_action = null;
    si.last_setup_error = {
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
    };
    this.emit('setup_intent.setup_failed', si, ctx);
  }

  // ---------------------------------------------------------------- checkout sessions

  retrieveSession(id: string): Stripe.Checkout.Session {
    const s = this.sessions.get(id);
    if (!s) throw StripeApiError.missing('checkout.session', id);
    return s;
  }

  createSession(p: Params): Stripe.Checkout.Session {
    p.allowOnly([
      'mode',
      'customer',
      'customer_email',
      'success_url',
      'cancel_url',
      'currency',
      'payment_method_types',
      'metadata',
      'client_reference_id',
      'setup_intent_data',
      'ui_mode',
      'locale',
      'billing_address_collection',
    ]);
    const mode = p.requiredStr('mode');
    if (mode !== 'setup') throw StripeApiError.invalid(`The sandbox supports Checkout in mode=setup only (got '${mode}').`, 'mode');
    const customer = p.str('customer');
    const customerRecord = customer ? this.retrieveCustomer(customer, 'customer') : undefined;
    const successUrl = p.requiredStr('success_url');
    const sessionId = `cs_test_${stripeId('x', 58).slice(2)}`;
    const siData = p.obj('setup_intent_data');
    const si = buildSetupIntent({
      id: stripeId('seti'),
      created: this.now(),
      customer: customer ?? null,
      paymentMethod: null,
      description: siData?.str('description') ?? null,
      metadata: siData?.metadata() ?? {},
      usage: 'off_session',
      paymentMethodTypes: p.strArray('payment_method_types') ?? ['card'],
    });
    this.setupIntents.set(si.id, { si, sessionId, returnUrl: null });
    const session = buildCheckoutSession({
      id: sessionId,
      created: this.now(),
      customer: customer ?? null,
      customerEmail: p.str('customer_email') ?? customerRecord?.email ?? null,
      successUrl,
      cancelUrl: p.str('cancel_url') ?? null,
      url: `${this.o.publicUrl()}/hosted/checkout/${sessionId}`,
      setupIntent: si.id,
      currency: p.str('currency') ?? null,
      metadata: p.metadata() ?? {},
      clientReferenceId: p.str('client_reference_id') ?? null,
      paymentMethodTypes: p.strArray('payment_method_types') ?? ['card'],
    });
    this.sessions.set(session.id, session);
    return session;
  }

  private completeSession(sessionId: string, ctx: CallContext): void {
    const session = this.sessions.get(sessionId);
    if (!session || session.status !== 'open') return;
    session.status = 'complete';
    session.url = null;
    this.emit('checkout.session.completed', session, ctx);
  }

  /** Substitutes `{CHECKOUT_SESSION_ID}` the way Checkout does on redirect. */
  sessionRedirect(url: string | null, sessionId: string): string | null {
    return url ? url.split('{CHECKOUT_SESSION_ID}').join(sessionId) : null;
  }

  /**
   * Card form submitted on the hosted Checkout page. Returns where to send the browser next:
   * the success URL, or the 3-D Secure page when the card asks for it.
   */
  submitCheckout(sessionId: string, card: CardInput): { redirect: string } {
    const session = this.retrieveSession(sessionId);
    if (session.status !== 'open') {
      throw StripeApiError.invalid('This Checkout Session is no longer active.', undefined, 'checkout_session_inactive');
    }
    const siId = typeof session.setup_intent === 'string' ? session.setup_intent : session.setup_intent?.id;
    if (!siId) throw new Error('setup session without setup intent');
    const rec = this.retrieveSetupIntent(siId);
    const pmRec = this.createCardPaymentMethod(card);
    rec.returnUrl = this.sessionRedirect(session.success_url, session.id);
    this.confirmSetupRecord(rec, pmRec, HOSTED);
    if (rec.si.status === 'requires_action') return { redirect: `${this.o.publicUrl()}/hosted/authenticate/${rec.si.id}` };
    return { redirect: this.sessionRedirect(session.success_url, session.id) ?? `${this.o.publicUrl()}/hosted/done` };
  }

  // ---------------------------------------------------------------- payment intents

  retrievePaymentIntent(id: string): PaymentIntentRecord {
    const rec = this.paymentIntents.get(id);
    if (!rec) throw StripeApiError.missing('payment_intent', id);
    return rec;
  }

  createPaymentIntent(p: Params, ctx: CallContext): Stripe.PaymentIntent {
    p.allowOnly([
      'amount',
      'currency',
      'customer',
      'payment_method',
      'confirm',
      'off_session',
      'metadata',
      'description',
      'return_url',
      'payment_method_types',
      'setup_future_usage',
      'receipt_email',
      'capture_method',
      'automatic_payment_methods',
      'statement_descriptor_suffix',
      'error_on_requires_action',
    ]);
    const amount = p.requiredInt('amount');
    if (amount < 1) throw StripeApiError.invalid('This value must be greater than or equal to 1.', 'amount');
    const currency = p.requiredStr('currency').toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw StripeApiError.invalid(`Invalid currency: ${currency}.`, 'currency');
    const customer = p.str('customer');
    if (customer) this.retrieveCustomer(customer, 'customer');
    const confirm = p.bool('confirm') ?? false;
    const offSessionRaw = p.str('off_session');
    if (offSessionRaw !== undefined && !confirm) {
      throw StripeApiError.invalid('You can only use `off_session` with `confirm=true`.', 'off_session');
    }
    const pmId = p.str('payment_method');
    const pmRec = pmId ? this.resolvePaymentMethod(pmId) : undefined;
    const sfu = p.str('setup_future_usage');
    if (sfu !== undefined && sfu !== 'off_session' && sfu !== 'on_session')
      throw StripeApiError.invalid(`Invalid setup_future_usage: ${sfu}`, 'setup_future_usage');
    const capture = p.str('capture_method') ?? 'automatic';
    if (capture !== 'automatic' && capture !== 'automatic_async') {
      throw StripeApiError.invalid('The sandbox supports capture_method=automatic only.', 'capture_method');
    }
    const pi = buildPaymentIntent({
      id: stripeId('pi'),
      created: this.now(),
      amount,
      currency,
      customer: customer ?? null,
      paymentMethod: pmRec?.pm.id ?? null,
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      receiptEmail: p.str('receipt_email') ?? null,
      setupFutureUsage: sfu ?? null,
      paymentMethodTypes: p.strArray('payment_method_types') ?? ['card'],
      captureMethod: capture,
    });
    const rec: PaymentIntentRecord = { pi, invoiceId: null, returnUrl: p.str('return_url') ?? null };
    this.paymentIntents.set(pi.id, rec);
    this.emit('payment_intent.created', pi, ctx);
    if (confirm) {
      this.confirmRecord(
        rec,
        {
          offSession: offSessionRaw === 'true' || offSessionRaw === 'one_off' || offSessionRaw === 'recurring',
          errorOnRequiresAction: p.bool('error_on_requires_action') ?? false,
        },
        ctx,
      );
    }
    return pi;
  }

  confirmPaymentIntent(id: string, p: Params, ctx: CallContext): Stripe.PaymentIntent {
    p.allowOnly([
      'payment_method',
      'off_session',
      'return_url',
      'setup_future_usage',
      'error_on_requires_action',
      'mandate_data',
      'receipt_email',
    ]);
    const rec = this.retrievePaymentIntent(id);
    const pmId = p.str('payment_method');
    if (pmId) rec.pi.payment_method = this.resolvePaymentMethod(pmId).pm.id;
    const returnUrl = p.str('return_url');
    if (returnUrl) rec.returnUrl = returnUrl;
    const sfu = p.str('setup_future_usage');
    if (sfu === 'off_session' || sfu === 'on_session') rec.pi.setup_future_usage = sfu;
    const off = p.str('off_session');
    this.confirmRecord(
      rec,
      {
        offSession: off === 'true' || off === 'one_off' || off === 'recurring',
        errorOnRequiresAction: p.bool('error_on_requires_action') ?? false,
      },
      ctx,
    );
    return rec.pi;
  }

  private cardError(pi: Stripe.PaymentIntent, pmRec: PaymentMethodRecord, d: Decline, chargeId: string | undefined): StripeApiError {
    const body: StripeErrorBody = {
      type: 'card_error',
      code: d.code,
      decline_code: d.decline_code,
      message: d.message,
      charge: chargeId,
      doc_url: `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, '-')}`,
      payment_intent: snapshot(pi),
      payment_method: snapshot(pmRec.pm),
      request_log_url: `${this.o.publicUrl()}/_sandbox/requests`,
    };
    return new StripeApiError(402, body);
  }

  private failPayment(rec: PaymentIntentRecord, pmRec: PaymentMethodRecord, d: Decline, ctx: CallContext): StripeApiError {
    const pi = rec.pi;
    const chargeId = d.code === 'authentication_required' ? undefined : stripeId('ch');
    pi.status = 'requires_payment_method';
    pi.next_action = null;
    pi.latest_charge = chargeId ?? pi.latest_charge;
    pi.last_payment_error = {
      type: 'card_error',
      code: d.code as Stripe.PaymentIntent.LastPaymentError.Code,
      decline_code: d.decline_code,
      message: d.message,
      charge: chargeId,
      doc_url: `https://stripe.com/docs/error-codes/${d.code.replace(/_/g, '-')}`,
      payment_method: snapshot(pmRec.pm),
    };
    this.emit('payment_intent.payment_failed', pi, ctx);
    if (rec.invoiceId) this.invoicePaymentFailed(rec.invoiceId, ctx);
    return this.cardError(pi, pmRec, d, chargeId);
  }

  /**
   * The heart of the card simulation. Throws a 402 StripeApiError for declines and
   * off-session authentication failures (after recording them on the PaymentIntent).
   */
  confirmRecord(rec: PaymentIntentRecord, opts: { offSession: boolean; errorOnRequiresAction?: boolean }, ctx: CallContext): void {
    const pi = rec.pi;
    if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation' && pi.status !== 'requires_action') {
      throw StripeApiError.unexpectedState(
        `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_action, requires_payment_method.`,
        { payment_intent: snapshot(pi) },
      );
    }
    const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : pi.payment_method?.id;
    if (!pmId) {
      throw StripeApiError.unexpectedState(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus_xxx, specify a payment method attached to this customer along with the customer ID.",
        { payment_intent: snapshot(pi) },
      );
    }
    const pmRec = this.resolvePaymentMethod(pmId);
    const customerId = typeof pi.customer === 'string' ? pi.customer : null;
    if (pmRec.pm.customer && customerId && pmRec.pm.customer !== customerId) {
      throw StripeApiError.invalid(
        `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
        'payment_method',
        'resource_missing',
      );
    }
    if (pmRec.pm.customer && !customerId) {
      throw StripeApiError.invalid(
        'The provided PaymentMethod is attached to a Customer. Specify the Customer on the PaymentIntent to use it.',
        'payment_method',
      );
    }
    const outcome = pmRec.card.outcome;
    const decline = declineFor(outcome);
    if (decline) throw this.failPayment(rec, pmRec, decline, ctx);

    const needsAuth = outcome === 'auth_always' || (outcome === 'auth_unless_setup' && !(opts.offSession && pmRec.setUpForOffSession));
    if (needsAuth) {
      if (opts.offSession) {
        throw this.failPayment(
          rec,
          pmRec,
          {
            code: 'authentication_required',
            decline_code: 'authentication_required',
            message: 'Your card was declined. This transaction requires authentication.',
          },
          ctx,
        );
      }
      if (opts.errorOnRequiresAction) {
        throw this.failPayment(
          rec,
          pmRec,
          {
            code: 'authentication_required',
            decline_code: 'authentication_required',
            message: 'This payment required an authentication action to complete, but `error_on_requires_action` was set.',
          },
          ctx,
        );
      }
      pi.status = 'requires_action';
      pi.last_payment_error = null;
      pi.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: { url: `${this.o.publicUrl()}/hosted/authenticate/${pi.id}`, return_url: rec.returnUrl },
      };
      this.emit('payment_intent.requires_action', pi, ctx);
      return;
    }
    this.succeedPayment(rec, pmRec, ctx);
  }

  private succeedPayment(rec: PaymentIntentRecord, pmRec: PaymentMethodRecord, ctx: CallContext): void {
    const pi = rec.pi;
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.next_action = null;
    pi.last_payment_error = null;
    pi.latest_charge = stripeId('ch');
    const customerId = typeof pi.customer === 'string' ? pi.customer : null;
    if (pi.setup_future_usage && customerId) {
      this.attachRecord(pmRec, customerId, ctx);
      if (pi.setup_future_usage === 'off_session') pmRec.setUpForOffSession = true;
    }
    this.emit('payment_intent.succeeded', pi, ctx);
    if (rec.invoiceId) this.invoicePaid(rec.invoiceId, ctx);
  }

  /** Outcome of the hosted 3-D Secure page (Complete / Fail) for a PaymentIntent or SetupIntent. */
  completeAuthentication(intentId: string, success: boolean): { redirect: string | null; status: string } {
    if (intentId.startsWith('seti_')) {
      const rec = this.retrieveSetupIntent(intentId);
      if (rec.si.status !== 'requires_action') return { redirect: rec.returnUrl, status: rec.si.status };
      if (success) this.confirmSetupRecord(rec, undefined, HOSTED, true);
      else this.failSetupAuthentication(rec, HOSTED);
      const target = rec.returnUrl
        ? withQuery(rec.returnUrl, {
            setup_intent: rec.si.id,
            setup_intent_client_secret: rec.si.client_secret ?? '',
            redirect_status: success ? 'succeeded' : 'failed',
          })
        : null;
      // Checkout returns to success_url untouched; plain SetupIntents get Stripe's redirect params.
      return { redirect: rec.sessionId ? rec.returnUrl : target, status: rec.si.status };
    }
    const rec = this.retrievePaymentIntent(intentId);
    if (rec.pi.status !== 'requires_action') return { redirect: rec.returnUrl, status: rec.pi.status };
    const pmId = typeof rec.pi.payment_method === 'string' ? rec.pi.payment_method : rec.pi.payment_method?.id;
    const pmRec = pmId ? this.paymentMethods.get(pmId) : undefined;
    if (!pmRec) throw new Error(`payment method missing on ${intentId}`);
    if (success) {
      this.succeedPayment(rec, pmRec, HOSTED);
    } else {
      rec.pi.status = 'requires_payment_method';
      rec.pi.next_action = null;
      rec.pi.last_payment_error = {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: snapshot(pmRec.pm),
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
      };
      this.emit('payment_intent.payment_failed', rec.pi, HOSTED);
      if (rec.invoiceId) this.invoicePaymentFailed(rec.invoiceId, HOSTED);
    }
    const redirect = rec.returnUrl
      ? withQuery(rec.returnUrl, {
          payment_intent: rec.pi.id,
          payment_intent_client_secret: rec.pi.client_secret ?? '',
          redirect_status: success ? 'succeeded' : 'failed',
        })
      : null;
    return { redirect, status: rec.pi.status };
  }

  cancelPaymentIntent(id: string, p: Params, ctx: CallContext): Stripe.PaymentIntent {
    p.allowOnly(['cancellation_reason']);
    const rec = this.retrievePaymentIntent(id);
    const pi = rec.pi;
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw StripeApiError.unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        { payment_intent: snapshot(pi) },
      );
    }
    const reason = p.str('cancellation_reason');
    const allowed: Stripe.PaymentIntent.CancellationReason[] = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
    const known = allowed.find((r) => r === reason);
    if (reason !== undefined && !known) throw StripeApiError.invalid(`Invalid cancellation_reason: ${reason}`, 'cancellation_reason');
    pi.status = 'canceled';
    pi.canceled_at = this.now();
    pi.cancellation_reason = known ?? null;
    pi.next_action = null;
    this.emit('payment_intent.canceled', pi, ctx);
    return pi;
  }

  listPaymentIntents(p: Params): ListResult<Stripe.PaymentIntent> {
    const customer = p.str('customer');
    const created = createdFilter(p);
    const items = newestFirst(this.paymentIntents)
      .map((r) => r.pi)
      .filter((pi) => (!customer || pi.customer === customer) && created(pi.created));
    return paginate(items, p, '/v1/payment_intents');
  }

  // ---------------------------------------------------------------- invoices

  retrieveInvoice(id: string, param = 'id'): Stripe.Invoice {
    const inv = this.invoices.get(id);
    if (!inv) throw StripeApiError.missing('invoice', id, param);
    return inv;
  }

  createInvoiceItem(p: Params, ctx: CallContext): Stripe.InvoiceItem {
    p.allowOnly([
      'customer',
      'amount',
      'quantity',
      'quantity_decimal',
      'unit_amount',
      'unit_amount_decimal',
      'price_data',
      'currency',
      'description',
      'invoice',
      'metadata',
      'period',
      'discountable',
      'tax_rates',
      'tax_behavior',
      'tax_code',
    ]);
    const customer = this.retrieveCustomer(p.requiredStr('customer'), 'customer');
    const invoiceId = p.str('invoice');
    const invoice = invoiceId ? this.retrieveInvoice(invoiceId, 'invoice') : undefined;
    if (invoice && invoice.status !== 'draft') {
      throw StripeApiError.invalid(
        `You can only add invoice items to draft invoices. Invoice ${invoice.id} has status ${invoice.status}.`,
        'invoice',
        'invoice_not_editable',
      );
    }
    if (invoice && invoice.customer !== customer.id) {
      throw StripeApiError.invalid('The invoice item and the invoice must belong to the same customer.', 'invoice');
    }
    const priceData = p.obj('price_data');
    const currency = (p.str('currency') ?? priceData?.str('currency') ?? invoice?.currency ?? '').toLowerCase();
    if (!currency) throw StripeApiError.invalid('Missing required param: currency.', 'currency', 'parameter_missing');
    if (invoice && invoice.currency !== currency)
      throw StripeApiError.invalid('The currency of the invoice item must match the invoice.', 'currency');
    const decimal = (v: string | undefined, param: string): number | undefined => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) throw StripeApiError.invalid(`Invalid decimal: ${v}`, param);
      return n;
    };
    const quantity = p.int('quantity') ?? decimal(p.str('quantity_decimal'), 'quantity_decimal') ?? 1;
    // Older API versions take unit_amount; current ones unit_amount_decimal or price_data[unit_amount].
    const unit =
      p.int('unit_amount') ??
      decimal(p.str('unit_amount_decimal'), 'unit_amount_decimal') ??
      priceData?.int('unit_amount') ??
      decimal(priceData?.str('unit_amount_decimal'), 'price_data[unit_amount_decimal]');
    const amountParam = p.int('amount');
    if (amountParam !== undefined && unit !== undefined)
      throw StripeApiError.invalid('You may only specify one of these parameters: amount, unit_amount.', 'amount');
    if (amountParam === undefined && unit === undefined)
      throw StripeApiError.invalid('Missing required param: amount.', 'amount', 'parameter_missing');
    const amount = amountParam ?? Math.round((unit ?? 0) * quantity);
    const item = buildInvoiceItem({
      id: stripeId('ii'),
      created: this.now(),
      amount,
      unitAmount: unit ?? amount,
      quantity: amountParam !== undefined ? 1 : quantity,
      currency,
      customer: customer.id,
      description: p.str('description') ?? null,
      invoice: invoice?.id ?? null,
      metadata: p.metadata() ?? {},
    });
    this.invoiceItems.set(item.id, item);
    this.emit('invoiceitem.created', item, ctx);
    if (invoice) this.recalculate(invoice);
    return item;
  }

  private recalculate(invoice: Stripe.Invoice): void {
    const items = [...this.invoiceItems.values()].filter((i) => i.invoice === invoice.id);
    const lines = items.map((i) => buildInvoiceLine(i, invoice.id));
    const total = lines.reduce((s, l) => s + l.amount, 0);
    invoice.lines = { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` };
    invoice.subtotal = total;
    invoice.subtotal_excluding_tax = total;
    invoice.total = total;
    invoice.total_excluding_tax = total;
    invoice.amount_due = total;
    invoice.amount_remaining = Math.max(0, total - invoice.amount_paid);
  }

  createInvoice(p: Params, ctx: CallContext): Stripe.Invoice {
    p.allowOnly([
      'customer',
      'collection_method',
      'days_until_due',
      'metadata',
      'auto_advance',
      'description',
      'currency',
      'default_payment_method',
      'pending_invoice_items_behavior',
      'footer',
      'due_date',
    ]);
    const customer = this.retrieveCustomer(p.requiredStr('customer'), 'customer');
    const method = p.str('collection_method') ?? 'charge_automatically';
    if (method !== 'charge_automatically' && method !== 'send_invoice')
      throw StripeApiError.invalid(`Invalid collection_method: ${method}`, 'collection_method');
    const days = p.int('days_until_due');
    const dueDate = p.int('due_date');
    if (method === 'send_invoice' && days === undefined && dueDate === undefined) {
      throw StripeApiError.invalid(
        'Invoices with `collection_method=send_invoice` must have either `days_until_due` or `due_date`.',
        'days_until_due',
      );
    }
    if (method === 'charge_automatically' && days !== undefined) {
      throw StripeApiError.invalid('`days_until_due` can only be set when `collection_method` is `send_invoice`.', 'days_until_due');
    }
    const behaviour = p.str('pending_invoice_items_behavior') ?? 'exclude';
    if (behaviour !== 'exclude' && behaviour !== 'include')
      throw StripeApiError.invalid(`Invalid pending_invoice_items_behavior: ${behaviour}`, 'pending_invoice_items_behavior');
    const pending = [...this.invoiceItems.values()].filter((i) => i.customer === customer.id && i.invoice === null);
    const currency = (p.str('currency') ?? (behaviour === 'include' ? pending[0]?.currency : undefined) ?? 'gbp').toLowerCase();
    const defaultPm = p.str('default_payment_method');
    if (defaultPm) this.resolvePaymentMethod(defaultPm, 'default_payment_method');
    const invoice = buildInvoice({
      id: stripeId('in'),
      created: this.now(),
      customer,
      currency,
      collectionMethod: method,
      daysUntilDue: days ?? null,
      autoAdvance: p.bool('auto_advance') ?? method === 'charge_automatically',
      description: p.str('description') ?? null,
      metadata: p.metadata() ?? {},
      defaultPaymentMethod: defaultPm ?? null,
      accountName: this.o.accountName,
    });
    invoice.footer = p.str('footer') ?? null;
    if (dueDate !== undefined) invoice.due_date = dueDate;
    this.daysUntilDue.set(invoice.id, days ?? null);
    if (behaviour === 'include') {
      for (const item of pending) if (item.currency === currency) item.invoice = invoice.id;
    }
    this.invoices.set(invoice.id, invoice);
    this.recalculate(invoice);
    this.emit('invoice.created', invoice, ctx);
    return invoice;
  }

  private readonly daysUntilDue = new Map<string, number | null>();

  finalizeInvoice(id: string, p: Params, ctx: CallContext): Stripe.Invoice {
    p.allowOnly(['auto_advance']);
    const invoice = this.retrieveInvoice(id);
    if (invoice.status !== 'draft') {
      throw StripeApiError.invalid(
        "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
        undefined,
        'invoice_not_editable',
      );
    }
    const customer = this.retrieveCustomer(String(invoice.customer));
    this.recalculate(invoice);
    const now = this.now();
    this.invoiceSeq += 1;
    invoice.number = `${customer.invoice_prefix ?? 'SBX'}-${String(this.invoiceSeq).padStart(4, '0')}`;
    invoice.status = 'open';
    invoice.status_transitions.finalized_at = now;
    invoice.effective_at = now;
    invoice.automatically_finalizes_at = null;
    invoice.hosted_invoice_url = `${this.o.publicUrl()}/hosted/invoices/${invoice.id}`;
    invoice.invoice_pdf = `${this.o.publicUrl()}/hosted/invoices/${invoice.id}/pdf`;
    const days = this.daysUntilDue.get(invoice.id);
    if (invoice.collection_method === 'send_invoice' && invoice.due_date === null && days !== null && days !== undefined) {
      invoice.due_date = now + days * 86400;
    }
    const autoAdvance = p.bool('auto_advance');
    if (autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
    invoice.ending_balance = 0;
    this.emit('invoice.finalized', invoice, ctx);
    if (invoice.amount_due === 0) {
      this.markPaid(invoice, ctx);
    }
    return invoice;
  }

  sendInvoice(id: string, ctx: CallContext): Stripe.Invoice {
    const invoice = this.retrieveInvoice(id);
    if (invoice.collection_method !== 'send_invoice') {
      throw StripeApiError.invalid(
        'You can only manually send an invoice if its collection method is `send_invoice`.',
        undefined,
        'invoice_not_editable',
      );
    }
    if (invoice.status !== 'open') {
      throw StripeApiError.invalid(
        `You can only send an open invoice. This invoice is ${invoice.status}.`,
        undefined,
        'invoice_not_editable',
      );
    }
    this.emit('invoice.sent', invoice, ctx);
    const customer = this.customers.get(String(invoice.customer));
    if (customer && this.o.onInvoiceSent) this.o.onInvoiceSent(invoice, customer);
    return invoice;
  }

  private markPaid(invoice: Stripe.Invoice, ctx: CallContext): void {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.attempted = true;
    invoice.status_transitions.paid_at = this.now();
    invoice.next_payment_attempt = null;
    invoice.auto_advance = false;
    this.emit('invoice.paid', invoice, ctx);
    this.emit('invoice.payment_succeeded', invoice, ctx);
  }

  private invoicePaid(invoiceId: string, ctx: CallContext): void {
    const invoice = this.invoices.get(invoiceId);
    if (!invoice || invoice.status !== 'open') return;
    invoice.attempt_count += 1;
    this.markPaid(invoice, ctx);
  }

  private invoicePaymentFailed(invoiceId: string, ctx: CallContext): void {
    const invoice = this.invoices.get(invoiceId);
    if (!invoice || invoice.status !== 'open') return;
    invoice.attempt_count += 1;
    invoice.attempted = true;
    this.emit('invoice.payment_failed', invoice, ctx);
  }

  /** Charges an open invoice with a card (API `pay`, or the hosted invoice page when `onSession`). */
  payInvoiceWith(
    invoice: Stripe.Invoice,
    pmRec: PaymentMethodRecord,
    onSession: boolean,
    ctx: CallContext,
    returnUrl: string | null,
  ): PaymentIntentRecord {
    const pi = buildPaymentIntent({
      id: stripeId('pi'),
      created: this.now(),
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      customer: typeof invoice.customer === 'string' ? invoice.customer : null,
      paymentMethod: pmRec.pm.id,
      description: `Payment for Invoice ${invoice.number ?? invoice.id}`,
      metadata: {},
      receiptEmail: null,
      setupFutureUsage: null,
      paymentMethodTypes: ['card'],
      captureMethod: 'automatic',
    });
    const rec: PaymentIntentRecord = { pi, invoiceId: invoice.id, returnUrl };
    this.paymentIntents.set(pi.id, rec);
    // A card entered on the hosted page belongs to no one yet; Stripe attaches it to the invoice's customer.
    if (onSession && !pmRec.pm.customer && typeof invoice.customer === 'string') pmRec.pm.customer = invoice.customer;
    this.confirmRecord(rec, { offSession: !onSession }, ctx);
    return rec;
  }

  payInvoice(id: string, p: Params, ctx: CallContext): Stripe.Invoice {
    p.allowOnly(['payment_method', 'paid_out_of_band', 'off_session', 'forgive', 'source']);
    const invoice = this.retrieveInvoice(id);
    if (invoice.status === 'paid') throw StripeApiError.invalid('Invoice is already paid', undefined, 'invoice_already_paid');
    if (invoice.status !== 'open') {
      throw StripeApiError.invalid(
        `You cannot pay this invoice because it has a status of ${invoice.status}.`,
        undefined,
        'invoice_not_editable',
      );
    }
    if (p.bool('paid_out_of_band')) {
      this.markPaid(invoice, ctx);
      return invoice;
    }
    const customer = this.retrieveCustomer(String(invoice.customer));
    const pmId =
      p.str('payment_method') ??
      (typeof invoice.default_payment_method === 'string' ? invoice.default_payment_method : null) ??
      (typeof customer.invoice_settings.default_payment_method === 'string' ? customer.invoice_settings.default_payment_method : null);
    if (!pmId) {
      throw StripeApiError.invalid('Cannot charge a customer that has no active card', undefined, 'invoice_no_customer_line_items');
    }
    const pmRec = this.resolvePaymentMethod(pmId);
    if (!pmRec.pm.customer) this.attachRecord(pmRec, customer.id, ctx);
    const offSession = p.bool('off_session') ?? true;
    const rec = this.payInvoiceWith(invoice, pmRec, !offSession, ctx, null);
    if (rec.pi.status === 'requires_action') {
      throw new StripeApiError(402, {
        type: 'card_error',
        code: 'invoice_payment_intent_requires_action',
        message: 'This payment requires additional user action before it can be completed successfully.',
        payment_intent: snapshot(rec.pi),
      });
    }
    return invoice;
  }

  voidInvoice(id: string, ctx: CallContext): Stripe.Invoice {
    const invoice = this.retrieveInvoice(id);
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
      throw StripeApiError.invalid(
        `You can only void an open or uncollectible invoice. This invoice is ${invoice.status}.`,
        undefined,
        'invoice_not_editable',
      );
    }
    invoice.status = 'void';
    invoice.status_transitions.voided_at = this.now();
    invoice.auto_advance = false;
    this.emit('invoice.voided', invoice, ctx);
    return invoice;
  }

  listInvoices(p: Params): ListResult<Stripe.Invoice> {
    const customer = p.str('customer');
    const status = p.str('status');
    const method = p.str('collection_method');
    const items = newestFirst(this.invoices).filter(
      (i) => (!customer || i.customer === customer) && (!status || i.status === status) && (!method || i.collection_method === method),
    );
    return paginate(items, p, '/v1/invoices');
  }

  searchInvoices(p: Params): SearchResult<Stripe.Invoice> {
    const match = compileSearch(p.requiredStr('query'), ['customer', 'status', 'number', 'currency', 'total', 'created']);
    const data = newestFirst(this.invoices).filter((i) =>
      match((field, key) => {
        if (field === 'metadata') return key ? i.metadata?.[key] : undefined;
        if (field === 'customer') return typeof i.customer === 'string' ? i.customer : i.customer?.id;
        if (field === 'status') return i.status;
        if (field === 'number') return i.number;
        if (field === 'currency') return i.currency;
        if (field === 'total') return i.total;
        if (field === 'created') return i.created;
        return undefined;
      }),
    );
    const limit = p.int('limit') ?? 10;
    return {
      object: 'search_result',
      data: data.slice(0, limit),
      has_more: data.length > limit,
      next_page: null,
      url: '/v1/invoices/search',
    };
  }

  /** For `expand[]`: any object the sandbox holds, by id. */
  lookup(id: string): object | undefined {
    if (id.startsWith('cus_')) return this.customers.get(id);
    if (id.startsWith('pm_')) return this.paymentMethods.get(id)?.pm;
    if (id.startsWith('seti_')) return this.setupIntents.get(id)?.si;
    if (id.startsWith('pi_')) return this.paymentIntents.get(id)?.pi;
    if (id.startsWith('cs_')) return this.sessions.get(id);
    if (id.startsWith('in_')) return this.invoices.get(id);
    if (id.startsWith('ii_')) return this.invoiceItems.get(id);
    if (id.startsWith('evt_')) return this.events.get(id);
    return undefined;
  }

  state(): Record<string, unknown[]> {
    return {
      customers: [...this.customers.values()],
      paymentMethods: [...this.paymentMethods.values()].map((r) => ({
        ...r.pm,
        _sandbox: { card: r.card.number, setUpForOffSession: r.setUpForOffSession },
      })),
      setupIntents: [...this.setupIntents.values()].map((r) => r.si),
      paymentIntents: [...this.paymentIntents.values()].map((r) => ({ ...r.pi, _sandbox: { invoice: r.invoiceId } })),
      checkoutSessions: [...this.sessions.values()],
      invoiceItems: [...this.invoiceItems.values()],
      invoices: [...this.invoices.values()],
      events: [...this.events.values()],
    };
  }
}

export function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Stripe's `address` hash (line1, line2, city, state, postal_code, country). */
function readAddress(p: Params): Stripe.Address | undefined {
  const a = p.obj('address');
  if (!a) return undefined;
  a.allowOnly(['line1', 'line2', 'city', 'state', 'postal_code', 'country']);
  return {
    line1: a.str('line1') || null,
    line2: a.str('line2') || null,
    city: a.str('city') || null,
    state: a.str('state') || null,
    postal_code: a.str('postal_code') || null,
    country: a.str('country') || null,
  };
}
