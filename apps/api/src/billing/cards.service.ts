import { ConflictException, ForbiddenException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { AppConfig } from '../core/config/app-config';
import { Transactions, type Tx } from '../core/database/transactions';
import type { PaymentMethod } from './entities/payment-method.entity';
import { PaymentMethodRepository } from './payment-method.repository';
import { isStripeNotFound, STRIPE } from './stripe.provider';
import { ActivityService } from '../activity';
import { type Client, ClientRepository, stepIndex, stepLabel } from '../clients';
import type { CardDto, CheckoutSessionDto } from './dto/cards.dto';

/** Runs inside the transaction that stored a client's new card (accounts moves onboarding on with it). */
export type CardAddedListener = (tx: Tx, clientId: string, actorUserId: string | null) => Promise<void>;

export const toCard = (pm: PaymentMethod): CardDto => ({
  id: pm.id,
  brand: pm.brand,
  last4: pm.last4,
  expMonth: pm.expMonth,
  expYear: pm.expYear,
  isDefault: pm.isDefault,
});

/**
 * Saves a card a client set up with Stripe. Reached from the browser's return and from Stripe's
 * webhook; whichever comes first stores it, the other finds it stored and does nothing.
 */
@Injectable()
export class CardsService {
  private readonly logger = new Logger(CardsService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly cards: PaymentMethodRepository,
    private readonly clients: ClientRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  private readonly cardAdded: CardAddedListener[] = [];

  onCardAdded(listener: CardAddedListener): void {
    this.cardAdded.push(listener);
  }

  /**
   * A Stripe-hosted page in setup mode where a billable client adds a card; it returns to the SPA
   * (the onboarding card step, or the billing page) with the session id.
   */
  async openSetupSession(clientId: string, returnTo: 'onboarding' | 'billing'): Promise<CheckoutSessionDto> {
    const client = await this.clients.byId(clientId);
    if (!client) throw new NotFoundException('No client account for this user');
    if (client.billingMode !== 'billable') throw new ForbiddenException('Non-billable accounts have no card to add');
    if (stepIndex(client.onboardingStep) < stepIndex('card')) {
      throw new ConflictException(`Complete the ${stepLabel(client.onboardingStep)} step first (expected step: ${client.onboardingStep})`);
    }
    if (!client.stripeCustomerId) {
      throw new ConflictException('Your payment account is still being set up with Stripe; try again in a moment');
    }
    const { appUrl } = this.config;
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'setup',
        customer: client.stripeCustomerId,
        currency: 'gbp',
        success_url:
          returnTo === 'onboarding'
            ? `${appUrl}/onboarding/card/return?session_id={CHECKOUT_SESSION_ID}`
            : `${appUrl}/billing/cards/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: returnTo === 'onboarding' ? `${appUrl}/onboarding/card?canceled=1` : `${appUrl}/billing?card=canceled`,
        metadata: { clientId },
      },
      { idempotencyKey: `setup-session:${clientId}:${randomBytes(8).toString('hex')}` },
    );
    if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
    return { url: session.url, sessionId: session.id };
  }

  /** The client's default card, if any. */
  async defaultCard(clientId: string): Promise<CardDto | null> {
    const card = await this.cards.defaultOf(clientId);
    return card ? toCard(card) : null;
  }

  /**
   * Verifies a completed setup-mode Checkout Session belongs to the client, then stores its card.
   * From a client's confirm (`clientId` set) a session Stripe does not know, or of another client,
   * is a 404; from the webhook (`clientId` null) it is not ours, logged and ignored.
   */
  async storeFromCheckoutSession(clientId: string | null, sessionId: string, actorUserId: string | null): Promise<CardDto | null> {
    const notOurs = (why: string): null => {
      if (clientId) throw new NotFoundException('No card setup with that id for this account');
      this.logger.warn({ session: sessionId }, `Checkout Session ${why}; ignored`);
      return null;
    };
    const session = await this.retrieve(() => this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent'] }));
    if (!session) return notOurs('unknown to Stripe');
    const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
    const client = await this.clientForCustomer(customerId);
    if (!client || (clientId && client.id !== clientId)) return notOurs('for a customer of no (other) client of ours');
    // We open every session with the client's id; one naming another client is not this client's card.
    if (session.metadata?.clientId && session.metadata.clientId !== client.id) return notOurs('names another client in its metadata');
    if (session.mode !== 'setup' || session.status !== 'complete') return null;
    const setupIntent =
      typeof session.setup_intent === 'string'
        ? await this.retrieve(() => this.stripe.setupIntents.retrieve(session.setup_intent as string))
        : session.setup_intent;
    if (!setupIntent) return null;
    return this.storeFromSetupIntent(setupIntent, actorUserId, client);
  }

  /** From Stripe's `setup_intent.succeeded`: the event only names the intent, which is read again from Stripe. */
  async storeFromSetupIntentId(setupIntentId: string): Promise<CardDto | null> {
    const setupIntent = await this.retrieve(() => this.stripe.setupIntents.retrieve(setupIntentId));
    if (!setupIntent) {
      this.logger.warn({ setupIntent: setupIntentId }, 'Setup intent unknown to Stripe; ignored');
      return null;
    }
    return this.storeFromSetupIntent(setupIntent, null);
  }

  /** Stores the card of a succeeded setup intent, only for the client whose Stripe customer it is (and the card's). */
  private async storeFromSetupIntent(setupIntent: Stripe.SetupIntent, actorUserId: string | null, known?: Client): Promise<CardDto | null> {
    if (setupIntent.status !== 'succeeded' || !setupIntent.payment_method) return null;
    const customerId = typeof setupIntent.customer === 'string' ? setupIntent.customer : (setupIntent.customer?.id ?? null);
    const client = known ?? (await this.clientForCustomer(customerId));
    if (!client || client.stripeCustomerId !== customerId) {
      this.logger.warn({ setupIntent: setupIntent.id }, 'Setup intent for a customer we do not know; ignored');
      return null;
    }
    const pmId = typeof setupIntent.payment_method === 'string' ? setupIntent.payment_method : setupIntent.payment_method.id;
    const pm = await this.retrieve(() => this.stripe.paymentMethods.retrieve(pmId));
    if (!pm) {
      this.logger.warn({ paymentMethod: pmId }, 'Payment method unknown to Stripe; ignored');
      return null;
    }
    const pmCustomer = typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);
    if (pm.type !== 'card' || !pm.card || pmCustomer !== client.stripeCustomerId) {
      this.logger.warn({ paymentMethod: pm.id }, 'Payment method is not a card of this customer; ignored');
      return null;
    }
    const card = pm.card;
    const stored = await this.tx.run(async (tx) => {
      // One writer per client at a time: the webhook and the browser's return may race.
      await this.clients.lock(tx, client.id);
      const existing = await this.cards.byStripeId(pm.id, tx);
      if (existing) return existing;
      const hasDefault = (await this.cards.defaultOf(client.id, tx)) !== null;
      const row = await this.cards.insert(tx, {
        clientId: client.id,
        stripePaymentMethodId: pm.id,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.exp_month,
        expYear: card.exp_year,
        isDefault: !hasDefault,
      });
      await this.activity.record(tx, {
        clientId: client.id,
        actorUserId,
        action: 'card.added',
        after: { brand: card.brand, last4: card.last4, default: row.isDefault },
      });
      for (const listener of this.cardAdded) await listener(tx, client.id, actorUserId);
      return row;
    });
    if (stored.isDefault) {
      await this.stripe.customers
        .update(client.stripeCustomerId!, { invoice_settings: { default_payment_method: pm.id } })
        .catch((err: unknown) => {
          this.logger.warn({ err, client: client.id }, 'Could not set the default card on the Stripe customer');
        });
    }
    return toCard(stored);
  }

  async list(clientId: string): Promise<CardDto[]> {
    return (await this.cards.list(clientId)).map(toCard);
  }

  /** A Stripe object, or null when Stripe answers 404 (no such object: not ours). */
  private async retrieve<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      if (isStripeNotFound(err)) return null;
      throw err;
    }
  }

  private clientForCustomer(customerId: string | null): Promise<Client | null> {
    return customerId ? this.clients.byStripeCustomer(customerId) : Promise.resolve(null);
  }
}
