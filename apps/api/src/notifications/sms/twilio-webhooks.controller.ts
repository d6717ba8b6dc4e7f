import { Controller, ForbiddenException, Headers, Header, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../core/http/public.decorator';
import { STATUS_CALLBACK_PATH } from './sms-sender';
import { TwilioClientFactory } from './twilio.client';
import { TwilioWebhooksService } from './twilio-webhooks.service';

/** The path to give Twilio as the number's "A message comes in" webhook. */
export const INBOUND_PATH = '/api/sms/twilio/inbound';

/** Twilio posts a flat form; anything else is not Twilio's. */
function formOf(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Twilio's webhooks: status callbacks and replies. Each must carry a valid X-Twilio-Signature over
 * our public URL and the form; anything else is refused (403) before it is read.
 */
@Controller('sms/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly twilio: TwilioClientFactory,
    private readonly webhooks: TwilioWebhooksService,
  ) {}

  @Public()
  @Post('status')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiExcludeEndpoint()
  async twilioStatus(@Req() req: Request, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    const form = this.verified(req, signature, STATUS_CALLBACK_PATH);
    await this.webhooks.status(form);
  }

  @Public()
  @Post('inbound')
  @HttpCode(HttpStatus.OK)
  @Header('Content-Type', 'text/xml')
  @ApiExcludeEndpoint()
  async twilioInbound(@Req() req: Request, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const form = this.verified(req, signature, INBOUND_PATH);
    await this.webhooks.inbound(form);
    return '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  }

  private verified(req: Request, signature: string | undefined, path: string): Record<string, string> {
    const form = formOf(req.body);
    if (!this.twilio.signedByTwilio(signature, path, form)) throw new ForbiddenException('X-Twilio-Signature is missing or does not match');
    return form;
  }
}
