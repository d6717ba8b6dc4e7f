import { Injectable, Logger } from '@nestjs/common';
import { CardsService } from './cards.service';
import { PaymentsService } from './payments.service';
import { StripeEventsRepository } from './stripe-events.repository';
import { WeeklyInvoicesService } from './weekly-invoices.service';

/** Stripe's event envelope, as the webhook checked it. */
export interface EventEnvelope {
  id: string;
  type: string;
  data: { object: { id?: unknown } };
}

export const HANDLED = new Set([
  'checkout.session.completed',
  'setup_intent.succeeded',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.requires_action',
  'payment_intent.canceled',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.voided',
]);

/** Each Stripe event handled once (by id): its handler, then its id kept (only once it succeeded). */
@Injectable()
export class StripeEventsService {
  private readonly logger = new Logger(StripeEventsService.name);

  constructor(
    private readonly events: StripeEventsRepository,
    private readonly cards: CardsService,
    private readonly payments: PaymentsService,
    private readonly weekly: WeeklyInvoicesService,
  ) {}

  seen(id: string): Promise<boolean> {
    return this.events.seen(id);
  }

  async receive(event: EventEnvelope): Promise<{ received: true; duplicate?: true }> {
    if (await this.events.seen(event.id)) return { received: true, duplicate: true };
    const objectId = event.data.object.id;
    await this.handle(event.type, typeof objectId === 'string' ? objectId : '', event.id);
    await this.events.record(event.id, event.type);
    return { received: true };
  }

  /** Handlers are idempotent on their own, so a retry after a crash between handling and recording is safe. */
  private async handle(type: string, objectId: string, eventId: string): Promise<void> {
    switch (type) {
      case 'checkout.session.completed':
        await this.cards.storeFromCheckoutSession(null, objectId, null);
        return;
      case 'setup_intent.succeeded':
        await this.cards.storeFromSetupIntentId(objectId);
        return;
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.requires_action':
      case 'payment_intent.canceled':
        // Out-of-order safe: the intent is read again from Stripe under the payment's lock.
        await this.payments.refreshIntent(objectId);
        return;
      case 'invoice.paid':
      case 'invoice.payment_failed':
      case 'invoice.voided':
        await this.weekly.refreshInvoice(objectId, type === 'invoice.payment_failed');
        return;
      default:
        this.logger.debug({ type, id: eventId }, 'Stripe event not handled');
    }
  }
}
