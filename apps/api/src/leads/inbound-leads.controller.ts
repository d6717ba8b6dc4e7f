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
      'LeadByte field names (`firstname`, `lastname`, `email`, `phone1`, `street1`, `towncity`, `county`, `postcode`, custom `data1`…) and `lead_id`. ' +
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
