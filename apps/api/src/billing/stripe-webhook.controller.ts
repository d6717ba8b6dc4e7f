import { BadRequestException, Controller, Headers, HttpCode, HttpStatus, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { Public } from '../core/http/public.decorator';
import { AppConfig } from '../core/config/app-config';
import { CardsService } from './cards.service';
import { StripeEvent } from './entities/stripe-event.entity';
import { PaymentsService } from './payments.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';
import { STRIPE } from './stripe.provider';

/** What we rely on in an event before touching anything: Stripe's envelope with an object inside. */
interface EventEnvelope {
  id: string;
  type: string;
  data: { object: { id?: unknown } };
}

function envelopeProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not a JSON object';
  const e = body as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > 255) return '`id` must be a string of 1–255 characters';
  if (typeof e.type !== 'string' || e.type.length === 0 || e.type.length > 100) return '`type` must be a string of 1–100 characters';
  const data = e.data as Record<string, unknown> | null | undefined;
  if (typeof data !== 'object' || data === null || typeof data.object !== 'object' || data.object === null || Array.isArray(data.object))
    return '`data.object` must be an object';
  return null;
}

const HANDLED = new Set([
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

/**
 * Stripe's events: signature verified on the raw body, each event handled once (by id), in any
 * order. An event is only a pointer: each handler finds our row by the Stripe id we stored (a
 * PaymentIntent whose id a killed job never stored is matched by Stripe's own copy, never the
 * event's) and reads the object again from Stripe, so nothing in the event's copy moves money or
 * attaches a card. A body that is not an event answers 400; an object that is not ours (no row stored its
 * id, or Stripe answers 404) is logged and acknowledged, so Stripe does not retry it for days. A
 * handler failure (our database, Stripe unreachable) answers 500 so Stripe retries; the id is only
 * kept once it succeeded.
 */
@Controller('billing/stripe')
export class StripeWebhookController {
  private readonly logger = new Logger(StripeWebhookController.name);

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly cards: CardsService,
    private readonly payments: PaymentsService,
    private readonly weekly: WeeklyInvoicesService,
  ) {}

  @Public()
  @Post('webhook')
  @HttpCode(HttpStatus.OK)
  @ApiExcludeEndpoint()
  async stripeWebhook(
    @Req() req: RawBodyRequest<Request>,
    @Headers('stripe-signature') signature?: string,
  ): Promise<{ received: true; duplicate?: true }> {
    if (!signature || !req.rawBody) throw new BadRequestException('Missing Stripe-Signature header or body');
    let body: unknown;
    try {
      body = this.stripe.webhooks.constructEvent(req.rawBody, signature, this.config.stripe.webhookSecret.reveal());
    } catch {
      throw new BadRequestException('The Stripe signature does not match this body');
    }
    const problem = envelopeProblem(body);
    if (problem) throw new BadRequestException(`Not a Stripe event: ${problem}`);
    const event = body as EventEnvelope;
    if (await this.db.manager.exists(StripeEvent, { where: { id: event.id } })) return { received: true, duplicate: true };
    const objectId = event.data.object.id;
    if (HANDLED.has(event.type) && (typeof objectId !== 'string' || objectId.length === 0 || objectId.length > 255)) {
      throw new BadRequestException(`Not a Stripe event: \`data.object.id\` of a ${event.type} event must be a string of 1–255 characters`);
    }
    await this.handle(event.type, typeof objectId === 'string' ? objectId : '', event.id);
    await this.db.manager.createQueryBuilder().insert().into(StripeEvent).values({ id: event.id, type: event.type }).orIgnore().execute();
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
