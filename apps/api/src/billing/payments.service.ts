import { Transactions, type Tx } from '../core/database/transactions';
import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import Stripe from 'stripe';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { EmailJobName, QUEUES } from '../core/queue/queues';
import { NotificationsQueue } from '../core/queue/email-queue';
import { OutboxService } from '../outbox';
import type { PaymentDto } from './dto/billing.dto';
import type { PaymentMethod } from './entities/payment-method.entity';
import { PaymentMethodRepository } from './payment-method.repository';
import { PaymentRepository } from './payment.repository';
import { Payment, type PaymentKind, type PaymentStatus } from './entities/payment.entity';
import { LedgerService } from './ledger.service';
import { isStripeNotFound, STRIPE } from './stripe.provider';
import { splitVat } from './vat';
import { failureDetail, plainFailure } from './decline-reasons';
import { paymentDescription } from './receipts';

/** Statuses only move forward; `failed` may still become `succeeded` (a retried intent), nothing leaves `succeeded`. */
const MAY_BECOME: Record<PaymentStatus, PaymentStatus[]> = {
  pending: [],
  requires_action: ['pending'],
  failed: ['pending', 'requires_action'],
  canceled: ['pending', 'requires_action', 'failed'],
  succeeded: ['pending', 'requires_action', 'failed'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LEDGER_KIND = {
  manual_top_up: 'top_up',
  auto_charge: 'auto_charge',
  weekly_request: 'weekly_payment',
  subscription: 'top_up',
} as const;

/** Told, in the payment's transaction, of every status change of a `subscription` payment (the payment as it now is). */
export type SubscriptionPaymentListener = (tx: Tx, payment: Payment) => Promise<void>;

/** What the subscriptions module asks of a card: one subscription invoice's amounts. */
export interface InvoiceCharge {
  clientId: string;
  subscriptionInvoiceId: string;
  /** One key per attempt: a retried request makes the same payment, never a second. */
  idempotencyKey: string;
  netAmount: number;
  vatAmount: number;
  grossAmount: number;
  vatRateBps: number;
  currency: string;
}

/** A payment as its client sees it; `forAdmin` adds Stripe's own words for a failure. */
export const toPaymentDto = (p: Payment, forAdmin = false): PaymentDto => ({
  id: p.id,
  kind: p.kind,
  status: p.status,
  netAmount: p.netAmount,
  vatAmount: p.vatAmount,
  grossAmount: p.grossAmount,
  vatRateBps: p.vatRateBps,
  currency: p.currency,
  failureReason: p.failureReason,
  failureDetail: forAdmin ? p.failureDetail : null,
  nextActionUrl: p.nextActionUrl,
  hostedInvoiceUrl: p.hostedInvoiceUrl,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
  createdAt: p.createdAt.toISOString(),
  settledAt: p.settledAt ? p.settledAt.toISOString() : null,
});

export interface Transition {
  status: PaymentStatus;
  failureReason?: string | null;
  /** Stripe's own words, for admins. */
  failureDetail?: string | null;
  nextActionUrl?: string | null;
}

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);
  private readonly subscriptionListeners: SubscriptionPaymentListener[] = [];

  constructor(
    private readonly tx: Transactions,
    private readonly rows: PaymentRepository,
    private readonly cards: PaymentMethodRepository,
    private readonly clients: ClientRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly ledger: LedgerService,
    private readonly notifications: NotificationsQueue,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * A manual top-up: a pending Payment, then a PaymentIntent confirmed on the default card. The
   * caller's Idempotency-Key makes a retried request return the same payment (409 if reused for
   * another amount); our Stripe idempotency key comes from the payment's id. The caller's key is
   * stored as `client:<key>`, apart from the keys the system makes (`weekly:…`, `autocharge:…`),
   * so no client key can take the place of a payment the system has yet to create.
   */
  async topUp(clientId: string, amount: number, clientKey: string, cardId?: string): Promise<PaymentDto> {
    const idempotencyKey = clientIdempotencyKey(clientKey);
    const { topUpMin, topUpMax } = this.config.billing;
    if (amount < topUpMin || amount > topUpMax) {
      const message = `amount must be between ${topUpMin} and ${topUpMax} pence`;
      throw new BadRequestException({ message, details: [{ field: 'amount', messages: [message] }] });
    }
    const existing = await this.rows.one({ clientId, idempotencyKey });
    if (existing) {
      if (existing.kind !== 'manual_top_up' || existing.netAmount !== this.split(amount).netAmount) {
        throw new ConflictException('This Idempotency-Key was already used for a different request');
      }
      return toPaymentDto(existing);
    }
    // The card chosen (one of this client's: another client's id is simply not found), or the default.
    const card = cardId ? await this.cards.ofClient(clientId, cardId) : await this.cards.defaultOf(clientId);
    if (!card && cardId) throw new NotFoundException('No saved card with that id: choose one of your cards');
    if (!card) throw new ConflictException('Add a card before topping up');
    const payment = await this.createPayment(clientId, 'manual_top_up', amount, idempotencyKey);
    return toPaymentDto(await this.chargeCard(payment, card, { offSession: false }));
  }

  /** Subscriptions settle their invoices here: called in the transaction that moves a `subscription` payment. */
  onSubscriptionPayment(listener: SubscriptionPaymentListener): void {
    this.subscriptionListeners.push(listener);
  }

  /**
   * The pending payment of one charge of a subscription invoice, written in the caller's
   * transaction (which holds the invoice's lock, so two charges of one invoice cannot both start):
   * null when the client has no card. A repeated key answers the payment already made.
   */
  async prepareInvoiceCharge(tx: Tx, charge: InvoiceCharge): Promise<Payment | null> {
    const card = await this.cards.defaultOf(charge.clientId);
    if (!card) return null;
    const { payment } = await this.rows.insertPending(
      {
        clientId: charge.clientId,
        kind: 'subscription',
        status: 'pending',
        netAmount: charge.netAmount,
        vatAmount: charge.vatAmount,
        grossAmount: charge.grossAmount,
        vatRateBps: charge.vatRateBps,
        currency: charge.currency,
        idempotencyKey: charge.idempotencyKey,
        subscriptionInvoiceId: charge.subscriptionInvoiceId,
      },
      tx,
    );
    return payment;
  }

  /**
   * Charges a prepared payment on the default card, after its transaction committed. A payment no
   * longer pending is answered as it is; one a killed process left pending is finished (resumeCharge).
   */
  async chargePrepared(payment: Payment, opts: { offSession: boolean }): Promise<Payment> {
    const current = await this.rows.get(payment.id);
    if (current.status !== 'pending') return current;
    const card = await this.cards.defaultOf(payment.clientId);
    if (current.stripePaymentIntentId || !card) return this.resumeCharge(current, card, opts);
    return this.chargeCard(current, card, opts);
  }

  /** Whether a charge of the subscription invoice is waiting for Stripe right now (in the caller's transaction). */
  inProgressFor(subscriptionInvoiceId: string, tx?: Tx): Promise<boolean> {
    return this.rows.subscriptionChargePending(subscriptionInvoiceId, tx);
  }

  /** Creates the pending payment; a concurrent twin with the same key loses and gets the winner. */
  async createPayment(
    clientId: string,
    kind: PaymentKind,
    amount: number,
    idempotencyKey: string,
    extra: Partial<Payment> = {},
  ): Promise<Payment> {
    const split = this.split(amount);
    const { payment, inserted } = await this.rows.insertPending({
      clientId,
      kind,
      status: 'pending',
      ...split,
      currency: 'GBP',
      idempotencyKey,
      ...extra,
    });
    if (!inserted && (payment.kind !== kind || payment.netAmount !== (extra.netAmount ?? split.netAmount))) {
      throw new ConflictException('This Idempotency-Key was already used for a different request');
    }
    return payment;
  }

  /** Confirms a PaymentIntent for the payment on a saved card and records what Stripe said. */
  async chargeCard(payment: Payment, card: PaymentMethod, opts: { offSession: boolean }): Promise<Payment> {
    const client = await this.clientOf(payment.clientId);
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: payment.grossAmount,
          currency: payment.currency.toLowerCase(),
          customer: client.stripeCustomerId ?? undefined,
          payment_method: card.stripePaymentMethodId,
          confirm: true,
          ...(opts.offSession ? { off_session: true } : { return_url: returnUrl(this.config.appUrl, payment) }),
          description: paymentDescription(payment),
          metadata: { paymentId: payment.id, clientId: payment.clientId, kind: payment.kind },
        },
        { idempotencyKey: `${STRIPE_KEY_PREFIX[payment.kind]}:${payment.id}` },
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) {
        const pi = err.payment_intent;
        if (pi) await this.rows.update(payment.id, { stripePaymentIntentId: pi.id });
        const authRequired = err.code === 'authentication_required';
        await this.transition(
          payment.id,
          authRequired
            ? { status: 'requires_action', nextActionUrl: authenticateUrl(this.config.appUrl, payment) }
            : { status: 'failed', failureReason: plainFailure(err), failureDetail: failureDetail(err) },
        );
        return this.rows.get(payment.id);
      }
      throw err;
    }
    await this.rows.update(payment.id, { stripePaymentIntentId: intent.id });
    await this.applyIntent(intent);
    return this.rows.get(payment.id);
  }

  /**
   * Finishes a charge that a killed job left pending: the PaymentIntent we know of, or the one
   * Stripe made for this payment (found by its metadata; listing, unlike search, does not lag),
   * is applied; if Stripe never got the request, the charge is made again under the same
   * idempotency key (so a request still in flight at Stripe is answered, not repeated). Without a
   * card (the charge is no longer wanted) a payment Stripe never saw is canceled.
   */
  async resumeCharge(payment: Payment, card: PaymentMethod | null, opts: { offSession: boolean }): Promise<Payment> {
    if (payment.status !== 'pending') return payment;
    const intent = payment.stripePaymentIntentId
      ? await this.retrieveIntent(payment.stripePaymentIntentId)
      : await this.findIntent(payment);
    if (intent) {
      if (!payment.stripePaymentIntentId) await this.adoptIntent(payment, intent);
      await this.applyIntent(intent);
      return this.rows.get(payment.id);
    }
    if (card) {
      try {
        return await this.chargeCard(payment, card, opts);
      } catch (err) {
        // The key was first used with other parameters (the default card changed) and no PaymentIntent came of it.
        if (!(err instanceof Stripe.errors.StripeIdempotencyError)) throw err;
        this.logger.warn({ paymentId: payment.id }, 'An unfinished charge could not be retried as it was first sent; canceled');
      }
    }
    await this.transition(payment.id, { status: 'canceled' });
    return this.rows.get(payment.id);
  }

  /** The PaymentIntent Stripe created for this payment, if any: the customer's intents since the payment was made. */
  private async findIntent(payment: Payment): Promise<Stripe.PaymentIntent | null> {
    const client = await this.clientOf(payment.clientId);
    if (!client.stripeCustomerId) return null;
    const since = Math.floor(payment.createdAt.getTime() / 1000) - 300; // clock skew between us and Stripe
    for await (const intent of this.stripe.paymentIntents.list({
      customer: client.stripeCustomerId,
      created: { gte: since },
      limit: 100,
    })) {
      if (intent.metadata?.paymentId === payment.id) return intent;
    }
    return null;
  }

  /**
   * Stores the id of a PaymentIntent Stripe made for this payment but we never heard of (a killed
   * job), once it agrees with the payment; from then on only that intent moves the payment.
   */
  private async adoptIntent(payment: Payment, intent: Stripe.PaymentIntent): Promise<boolean> {
    const problem = intentMismatch(payment, intent, await this.customerOf(payment.clientId));
    if (problem) {
      this.logger.error({ paymentId: payment.id, intent: intent.id, problem }, 'PaymentIntent does not match the payment; not adopted');
      return false;
    }
    await this.rows.adoptIntent(payment.id, intent.id);
    return true;
  }

  /**
   * A webhook for an intent no payment has stored: the job that made it died before storing its id.
   * Stripe's own copy (never the event's) must name a payment of ours that has no intent yet, and
   * agree with it; then the intent is adopted. Anything else is not ours.
   */
  private async adoptFromStripe(intentId: string): Promise<Payment | null> {
    const intent = await this.retrieveIntent(intentId);
    const paymentId = intent?.metadata?.paymentId;
    const payment = intent && paymentId && UUID.test(paymentId) ? await this.rows.one({ id: paymentId }) : null;
    if (!intent || !payment || payment.stripePaymentIntentId || !(await this.adoptIntent(payment, intent))) {
      this.logger.warn({ intent: intentId }, 'PaymentIntent for no payment of ours; ignored');
      return null;
    }
    return this.rows.one({ id: payment.id, stripePaymentIntentId: intentId });
  }

  /** A PaymentIntent as Stripe has it now; null if Stripe does not know the id (not ours). */
  private async retrieveIntent(id: string): Promise<Stripe.PaymentIntent | null> {
    try {
      return await this.stripe.paymentIntents.retrieve(id);
    } catch (err) {
      if (isStripeNotFound(err)) return null;
      throw err;
    }
  }

  private async customerOf(clientId: string): Promise<string | null> {
    return (await this.clients.byId(clientId))?.stripeCustomerId ?? null;
  }

  /**
   * Brings our payment in line with a PaymentIntent that Stripe just returned to us (a create,
   * confirm or retrieve). The payment is the one that stored this intent's id, never one named by
   * the intent's metadata, and the intent must agree with it (amount, currency, customer, metadata);
   * otherwise nothing moves and the mismatch is logged.
   */
  async applyIntent(intent: Stripe.PaymentIntent): Promise<void> {
    const payment = await this.rows.one({ stripePaymentIntentId: intent.id });
    if (!payment) return this.logger.warn({ intent: intent.id }, 'PaymentIntent for no payment of ours; ignored');
    if (!this.agrees(payment, intent, await this.customerOf(payment.clientId))) return;
    const change = this.transitionFor(payment, intent);
    if (change) await this.transition(payment.id, change);
  }

  /**
   * A webhook named this PaymentIntent: the event is only a pointer. The payment that stored the id
   * (if any) is locked and the intent read again from Stripe, so events applied in any order, any
   * number of times, leave the payment as the intent is now. A failed attempt may then be followed
   * by a new one waiting for the client (failed → requires_action), which a snapshot could not tell
   * from a late old event. An id Stripe does not know (404) is not ours: ignored.
   */
  async refreshIntent(intentId: string): Promise<void> {
    const payment = (await this.rows.one({ stripePaymentIntentId: intentId })) ?? (await this.adoptFromStripe(intentId));
    if (!payment) return;
    const customer = await this.customerOf(payment.clientId);
    await this.transition(
      payment.id,
      async () => {
        const intent = await this.retrieveIntent(intentId);
        if (!intent) {
          this.logger.warn({ intent: intentId, paymentId: payment.id }, 'Stripe does not know this PaymentIntent; ignored');
          return null;
        }
        return this.agrees(payment, intent, customer) ? this.transitionFor(payment, intent) : null;
      },
      { current: true },
    );
  }

  private agrees(payment: Payment, intent: Stripe.PaymentIntent, customer: string | null): boolean {
    const problem = intentMismatch(payment, intent, customer);
    if (problem)
      this.logger.error(
        { paymentId: payment.id, intent: intent.id, problem },
        'PaymentIntent does not match the payment that stored it; ignored',
      );
    return !problem;
  }

  private transitionFor(payment: Payment, intent: Stripe.PaymentIntent): Transition | null {
    switch (intent.status) {
      case 'succeeded':
        return { status: 'succeeded' };
      case 'requires_action':
        return { status: 'requires_action', nextActionUrl: intent.next_action?.redirect_to_url?.url ?? null };
      case 'requires_payment_method':
        // Off-session and the bank wants the customer: not a failure, the client is asked in.
        if (intent.last_payment_error?.code === 'authentication_required') {
          return { status: 'requires_action', nextActionUrl: authenticateUrl(this.config.appUrl, payment) };
        }
        if (intent.last_payment_error)
          return {
            status: 'failed',
            failureReason: plainFailure(intent.last_payment_error),
            failureDetail: failureDetail(intent.last_payment_error),
          };
        return null;
      case 'canceled':
        return { status: 'canceled' };
      default:
        return null;
    }
  }

  /**
   * Moves a payment forward, once. Success credits the ledger in the same transaction (the ledger's
   * cause is the payment, so this can never credit twice) and queues the receipt and the Xero invoice.
   */
  async transition(
    paymentId: string,
    next: Transition | (() => Promise<Transition | null>),
    opts: { current?: boolean } = {},
  ): Promise<void> {
    const done = await this.tx.run(async (tx) => {
      const payment = await this.rows.lock(tx, paymentId);
      if (!payment) return null;
      // Read under the lock: whoever holds it next reads Stripe after us.
      const change = typeof next === 'function' ? await next() : next;
      if (!change) return null;
      if (payment.status === change.status) {
        if (change.status === 'requires_action' && change.nextActionUrl && change.nextActionUrl !== payment.nextActionUrl) {
          await this.rows.update(paymentId, { nextActionUrl: change.nextActionUrl }, tx);
        }
        return null;
      }
      const retried = opts.current === true && payment.status === 'failed' && change.status === 'requires_action';
      if (!MAY_BECOME[change.status].includes(payment.status) && !retried) {
        const level = payment.status === 'succeeded' ? 'error' : 'warn';
        this.logger[level](
          { paymentId, from: payment.status, to: change.status },
          'Payment status change refused: statuses never move backward',
        );
        return null;
      }
      await this.rows.update(
        paymentId,
        {
          status: change.status,
          failureReason: change.status === 'failed' ? (change.failureReason ?? 'The payment failed') : null,
          failureDetail: change.status === 'failed' ? (change.failureDetail ?? null) : null,
          nextActionUrl: change.status === 'requires_action' ? (change.nextActionUrl ?? null) : null,
          settledAt: change.status === 'succeeded' ? new Date() : payment.settledAt,
        },
        tx,
      );
      if (payment.kind === 'subscription') {
        const moved = (await this.rows.lock(tx, paymentId))!;
        for (const listener of this.subscriptionListeners) await listener(tx, moved);
      } else if (change.status === 'succeeded') await this.onSucceeded(tx, payment);
      return { ...payment, status: change.status };
    });
    // A subscription payment's emails and Xero documents are the subscription invoice's (subscriptions module).
    if (!done || done.kind === 'subscription') return;
    const email: Partial<Record<PaymentStatus, EmailJobName>> = {
      succeeded: 'email.payment-succeeded',
      failed: 'email.payment-failed',
      requires_action: 'email.payment-action-required',
    };
    const job = email[done.status];
    if (job && !(done.kind === 'manual_top_up' && done.status === 'requires_action')) {
      await this.notifications.add(job, { paymentId }, `${job}:${paymentId}`);
    }
    if (done.status === 'succeeded') {
      await this.jobs.add(
        QUEUES.billing,
        'xero.invoice',
        { paymentId },
        {
          jobId: `xero-invoice:${paymentId}`,
          attempts: this.config.integrations.attempts,
          backoff: { type: 'exponential', delay: this.config.integrations.retryBaseMs },
        },
      );
    }
  }

  private async onSucceeded(tx: Tx, payment: Payment): Promise<void> {
    const result = await this.ledger.credit(
      LEDGER_KIND[payment.kind],
      {
        clientId: payment.clientId,
        amount: payment.netAmount,
        cause: `payment:${payment.id}`,
        description: describe(payment),
        meta: { paymentId: payment.id },
      },
      tx,
    );
    // This payment is already marked succeeded in this transaction, and the ledger credit above holds
    // the client's account lock, so concurrent successes are counted one after the other.
    const firstCredit = payment.kind !== 'weekly_request' && (await this.rows.succeededCount(tx, payment.clientId)) === 1;
    await this.outbox.record(tx, {
      type: 'credits.topped_up',
      aggregateType: 'payment',
      aggregateId: payment.id,
      clientId: payment.clientId,
      payload: {
        paymentId: payment.id,
        kind: payment.kind,
        netAmount: payment.netAmount,
        vatAmount: payment.vatAmount,
        grossAmount: payment.grossAmount,
        currency: payment.currency,
        balance: result.account.balance,
      },
    });
    if (firstCredit) {
      const client = await this.clientOf(payment.clientId, tx);
      if (client.onboardingStep === 'complete') {
        await this.outbox.record(tx, {
          type: 'client.signed_up_with_credits',
          aggregateType: 'client',
          aggregateId: client.id,
          clientId: client.id,
          payload: { clientId: client.id, businessName: client.businessName, firstPaymentId: payment.id, balance: result.account.balance },
        });
      }
    }
  }

  async get(clientId: string, paymentId: string): Promise<Payment> {
    const payment = await this.rows.one({ id: paymentId, clientId });
    if (!payment) throw new NotFoundException('No payment with that id');
    return payment;
  }

  /** For an auto-charge that needed 3-D Secure: confirm on-session and hand back Stripe's page. */
  async authenticate(clientId: string, paymentId: string): Promise<PaymentDto> {
    const payment = await this.get(clientId, paymentId);
    if (payment.status !== 'requires_action' || !payment.stripePaymentIntentId)
      throw new ConflictException('This payment does not need authentication');
    const card = await this.cards.defaultOf(clientId);
    if (!card) throw new ForbiddenException('Add a card first');
    const intent = await this.stripe.paymentIntents.confirm(payment.stripePaymentIntentId, {
      payment_method: card.stripePaymentMethodId,
      return_url: returnUrl(this.config.appUrl, payment),
    });
    await this.applyIntent(intent);
    return toPaymentDto(await this.get(clientId, paymentId));
  }

  private async clientOf(clientId: string, tx?: Tx) {
    const client = await this.clients.byId(clientId, tx);
    if (!client) throw new Error(`No client ${clientId}`);
    return client;
  }

  private split(amount: number) {
    return splitVat(amount, this.config.billing.vatRateBps, this.config.billing.vatMode);
  }
}

const STRIPE_KEY_PREFIX: Record<PaymentKind, string> = {
  manual_top_up: 'topup',
  weekly_request: 'topup',
  auto_charge: 'autocharge',
  subscription: 'subscription',
};

/** Where Stripe sends the browser back after 3-D Secure: the page the payment belongs to. */
const returnUrl = (appUrl: string, p: Pick<Payment, 'id' | 'kind'>) =>
  `${appUrl}/${p.kind === 'subscription' ? 'plan' : 'billing'}?payment=${p.id}`;
const authenticateUrl = (appUrl: string, p: Pick<Payment, 'id' | 'kind'>) =>
  `${appUrl}/${p.kind === 'subscription' ? 'plan' : 'billing'}?authenticate=${p.id}`;

/** Where a caller's Idempotency-Key is kept: a namespace no key of the system's starts with. */
export const clientIdempotencyKey = (key: string): string => `client:${key}`;

/** Why a PaymentIntent cannot settle this payment, or null if it is this payment's own. */
export function intentMismatch(payment: Payment, intent: Stripe.PaymentIntent, customer: string | null): string | null {
  const intentCustomer = typeof intent.customer === 'string' ? intent.customer : (intent.customer?.id ?? null);
  if (intent.amount !== payment.grossAmount) return `amount ${intent.amount} is not ${payment.grossAmount}`;
  if (intent.currency?.toLowerCase() !== payment.currency.toLowerCase()) return `currency ${intent.currency} is not ${payment.currency}`;
  if (!customer || intentCustomer !== customer) return `customer ${intentCustomer ?? 'none'} is not the client's`;
  if (intent.metadata?.paymentId !== payment.id || intent.metadata?.clientId !== payment.clientId)
    return 'metadata names another payment or client';
  return null;
}

function describe(p: Payment): string {
  const pounds = (n: number) => `£${(n / 100).toFixed(2)}`;
  const what =
    p.kind === 'auto_charge' ? 'Auto-charge' : p.kind === 'weekly_request' ? `Weekly invoice ${p.periodStart}–${p.periodEnd}` : 'Top-up';
  return `${what}: ${pounds(p.netAmount)} credit (${pounds(p.grossAmount)} incl. ${pounds(p.vatAmount)} VAT)`;
}
