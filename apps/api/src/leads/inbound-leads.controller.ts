import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators/public.decorator';
import { InboundLeadsService } from './inbound-leads.service';

@ApiTags('leads')
@Controller('leads/inbound')
export class InboundLeadsController {
  constructor(private readonly leads: InboundLeadsService) {}

  @Public()
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
      'A redelivered `lead_id` gets the first answer again and is not charged twice.',
  })
  @ApiParam({ name: 'token', description: 'The unguessable part of the buyer’s lead URL' })
  @ApiBody({ schema: { type: 'object', additionalProperties: true, example: { lead_id: 'LB-1001', firstname: 'Ann', lastname: 'Smith', email: 'ann@example.com', phone1: '07700900123', postcode: 'M1 1AE', data1: 'pitched' } } })
  @ApiResponse({ status: 201, description: 'Accepted: `{ result: "accepted", code: "accepted", leadId, price: { amount, currency } }`' })
  @ApiResponse({ status: 402, description: 'Rejected: no_credit' })
  @ApiResponse({ status: 404, description: 'Rejected: unknown_buyer' })
  @ApiResponse({ status: 409, description: 'Rejected: duplicate or not_onboarded' })
  @ApiResponse({ status: 422, description: 'Rejected: invalid_payload (with `details`), paused, out_of_area, outside_schedule or cap_reached' })
  async receiveLead(@Param('token') token: string, @Body() body: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<object> {
    const answer = await this.leads.receive(token, body ?? {});
    res.status(answer.httpStatus);
    return answer.body;
  }
}
