import { txOf } from '../core/database/transactions';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { PaymentMethod } from './entities/payment-method.entity';
import { isStripeNotFound, STRIPE } from './stripe.provider';
import { ActivityService } from '../activity/activity.service';
import { Client } from '../accounts/entities/client.entity';
import type { CardDto } from '../accounts/dto/onboarding.dto';
import { OnboardingCompletion } from '../accounts/onboarding-completion.service';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly activity: ActivityService,
    private readonly completion: OnboardingCompletion,
  ) {}

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
    const stored = await this.db.transaction(async (tx) => {
      // One writer per client at a time: the webhook and the browser's return may race.
      await tx.query('SELECT 1 FROM clients WHERE id = $1 FOR UPDATE', [client.id]);
      const existing = await tx.findOne(PaymentMethod, { where: { stripePaymentMethodId: pm.id } });
      if (existing) return existing;
      const hasDefault = await tx.exists(PaymentMethod, { where: { clientId: client.id, isDefault: true } });
      const row = await tx.save(
        tx.create(PaymentMethod, {
          clientId: client.id,
          stripePaymentMethodId: pm.id,
          brand: card.brand,
          last4: card.last4,
          expMonth: card.exp_month,
          expYear: card.exp_year,
          isDefault: !hasDefault,
        }),
      );
      await this.activity.record(txOf(tx), {
        clientId: client.id,
        actorUserId,
        action: 'card.added',
        after: { brand: card.brand, last4: card.last4, default: row.isDefault },
      });
      await this.completion.advance(tx, client.id, 'card', actorUserId);
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
    const rows = await this.db.manager.find(PaymentMethod, { where: { clientId }, order: { isDefault: 'DESC', createdAt: 'ASC' } });
    return rows.map(toCard);
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
    return customerId ? this.db.manager.findOne(Client, { where: { stripeCustomerId: customerId } }) : Promise.resolve(null);
  }
}
