import { BadRequestException, Controller, Headers, HttpCode, HttpStatus, Inject, Logger, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { AppConfig } from '../core/config/app-config';
import { CardsService } from '../onboarding/cards.service';
import { StripeEvent } from './entities/stripe-event.entity';
import { PaymentsService } from './payments.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';
import { STRIPE } from './stripe.provider';

/**
 * Stripe's events: signature verified on the raw body, each event handled once (by id), in any
 * order. A handler failure answers 500 so Stripe retries; the id is only kept once it succeeded.
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
  async stripeWebhook(@Req() req: RawBodyRequest<Request>, @Headers('stripe-signature') signature?: string): Promise<{ received: true; duplicate?: true }> {
    if (!signature || !req.rawBody) throw new BadRequestException('Missing Stripe-Signature header or body');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(req.rawBody, signature, this.config.stripe.webhookSecret.reveal());
    } catch {
      throw new BadRequestException('The Stripe signature does not match this body');
    }
    if (await this.db.manager.exists(StripeEvent, { where: { id: event.id } })) return { received: true, duplicate: true };
    await this.handle(event);
    await this.db.manager.createQueryBuilder().insert().into(StripeEvent).values({ id: event.id, type: event.type }).orIgnore().execute();
    return { received: true };
  }

  /** Handlers are idempotent on their own, so a retry after a crash between handling and recording is safe. */
  private async handle(event: Stripe.Event): Promise<void> {
    switch (event.type) {
      case 'checkout.session.completed': {
        const session = event.data.object;
        if (session.mode === 'setup') await this.cards.storeFromCheckoutSession(null, session.id, null);
        return;
      }
      case 'setup_intent.succeeded':
        await this.cards.storeFromSetupIntent(event.data.object, null);
        return;
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.requires_action':
      case 'payment_intent.canceled':
        // Out-of-order safe: the intent is read again from Stripe under the payment's lock.
        await this.payments.applyIntent(event.data.object, { fresh: true });
        return;
      case 'invoice.paid':
      case 'invoice.payment_failed':
      case 'invoice.voided':
        await this.weekly.applyInvoice(event.data.object, event.type);
        return;
      default:
        this.logger.debug({ type: event.type, id: event.id }, 'Stripe event not handled');
    }
  }
}
