import { BadRequestException, Controller, Headers, HttpCode, HttpStatus, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import Stripe from 'stripe';
import { Public } from '../core/http/public.decorator';
import { AppConfig } from '../core/config/app-config';
import { HANDLED, StripeEventsService, type EventEnvelope } from './stripe-events.service';
import { STRIPE } from './stripe.provider';

/** What we rely on in an event before touching anything: Stripe's envelope with an object inside. */
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
  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly config: AppConfig,
    private readonly events: StripeEventsService,
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
    const objectId = event.data.object.id;
    if (HANDLED.has(event.type) && (typeof objectId !== 'string' || objectId.length === 0 || objectId.length > 255)) {
      if (await this.events.seen(event.id)) return { received: true, duplicate: true };
      throw new BadRequestException(`Not a Stripe event: \`data.object.id\` of a ${event.type} event must be a string of 1–255 characters`);
    }
    return this.events.receive(event);
  }
}
