import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { Public } from '../core/http/public.decorator';
import { LeadbyteErrorDto } from './dto/leadbyte-error.dto';
import { InboundLeadsService } from './inbound-leads.service';
import { IngestRateLimitGuard, RATE_LIMITED_HEADERS } from './ingest-rate-limit.guard';
import { assertLeadUrlToken, readLeadbyteLead } from './leadbyte-request';

/** The request side of the LeadByte URL: `lead_id`, the body, error codes and the rate limit. */
const LEADBYTE_REQUEST_NOTES =
  ' `lead_id` is LeadByte’s id of the lead: a string or a number, at most 100 characters; without one (absent or empty) every post is a new lead, and a resend is caught only as a `duplicate` of the same phone or email. ' +
  'The body is one JSON object or form fields (`application/x-www-form-urlencoded`, e.g. LeadByte’s form posts), at most 100 kB. ' +
  'Control characters (other than tab and line breaks) and bidirectional overrides are taken out of text; a NUL character or a lone UTF-16 surrogate is refused, naming the field. ' +
  'Every error answer keeps the common error shape and adds `result: "rejected"` and `code`: `invalid_json` (400), `invalid_payload` (400/422), `unknown_buyer` (404), `payload_too_large` (413), `unsupported_media_type` (415), `rate_limited` (429), `internal_error` (500), `unavailable` (503). ' +
  'Each lead URL may post `INGEST_RATE_LIMIT_PER_SECOND` leads a second (50 by default) with bursts of `INGEST_RATE_LIMIT_BURST` (200); answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and past the limit 429 with `Retry-After`.';

@ApiTags('leads')
@Controller('leads/inbound')
export class InboundLeadsController {
  constructor(private readonly leads: InboundLeadsService) {}

  @Public()
  @UseGuards(IngestRateLimitGuard)
  @Post(':token')
  @HttpCode(201)
  @ApiOperation({
    summary: 'LeadByte direct post to a buyer’s lead URL',
    description:
      'LeadByte field names and `lead_id`. Every lead keeps LeadByte’s standard fields it carries, whatever the industry’s columns (returned as `contact`): ' +
      '`title`, `firstname`, `lastname`, `company`, `email`, `phone1`, `phone2`, `street1`, `street2`, `street3`, `towncity`, `county`, `postcode`, `country`, `dob`. ' +
      'An industry column with one of those names is read under it; every other column of the industry, in the industry’s order, is `data1`, `data2`, … (e.g. Solar panels: `data1` = `roof_type`, `data2` = `homeowner`; its own key is accepted too). ' +
      'Phones are UK numbers in any written form (`07700 900123`, `+44 7700 900123`, `447700900123`, `0044 (0)7700-900123`) and are stored in E.164; emails are trimmed and lower-cased. ' +
      'Each value must be text or a number: an object, list or true/false is refused. `invalid_payload` names each field, as LeadByte calls it and, when that differs, the column: `data1 (roof_type)`. ' +
      'A lead whose phone or email (case and spaces aside) the buyer had within the duplicate window is a `duplicate`. ' +
      'The body always says `result` (`accepted`/`rejected`) and `code` (`accepted`, `invalid_payload`, `duplicate`, `paused`, `out_of_area`, `outside_schedule`, `cap_reached`, `no_credit`, `unknown_buyer`, `not_onboarded`), with `price` when accepted. ' +
      'A redelivered `lead_id` gets the first answer again and is not charged twice.' +
      LEADBYTE_REQUEST_NOTES,
  })
  @ApiParam({ name: 'token', description: 'The unguessable part of the buyer’s lead URL' })
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      example: {
        lead_id: 'LB-1001',
        firstname: 'Ann',
        lastname: 'Smith',
        email: 'ann@example.com',
        phone1: '07700900123',
        postcode: 'M1 1AE',
        data1: 'pitched',
      },
    },
  })
  @ApiResponse({ status: 201, description: 'Accepted: `{ result: "accepted", code: "accepted", leadId, price: { amount, currency } }`' })
  @ApiResponse({
    status: 400,
    description:
      'Rejected: `invalid_json`, or `invalid_payload` when the body is not one lead (empty, an array, a NUL character or lone surrogate, `lead_id` not text or a number or over 100 characters); `details` names the field',
    type: LeadbyteErrorDto,
  })
  @ApiResponse({ status: 402, description: 'Rejected: no_credit' })
  @ApiResponse({ status: 404, description: 'Rejected: unknown_buyer' })
  @ApiResponse({ status: 409, description: 'Rejected: duplicate or not_onboarded' })
  @ApiResponse({
    status: 422,
    description: 'Rejected: invalid_payload (with `details`), paused, out_of_area, outside_schedule or cap_reached',
  })
  @ApiResponse({ status: 413, description: 'Rejected: `payload_too_large` (over 100 kB)', type: LeadbyteErrorDto })
  @ApiResponse({
    status: 415,
    description: 'Rejected: `unsupported_media_type` (not JSON or form fields, or not UTF-8)',
    type: LeadbyteErrorDto,
  })
  @ApiResponse({
    status: 429,
    description: 'Rejected: `rate_limited`; send it again after `Retry-After` seconds',
    type: LeadbyteErrorDto,
    headers: RATE_LIMITED_HEADERS,
  })
  @ApiResponse({
    status: 500,
    description:
      'Rejected: `internal_error` (`unavailable` with 503); send it again later (a resend with the same `lead_id` is never charged twice)',
    type: LeadbyteErrorDto,
  })
  async receiveLead(@Param('token') token: string, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<object> {
    assertLeadUrlToken(token);
    const answer = await this.leads.receive(token, readLeadbyteLead(body));
    res.status(answer.httpStatus);
    // A rejection is an error answer too: the common error shape around LeadByte's result and code.
    return answer.httpStatus >= 400
      ? { statusCode: answer.httpStatus, error: STATUS_CODES[answer.httpStatus] ?? 'Error', ...answer.body }
      : answer.body;
  }
}
