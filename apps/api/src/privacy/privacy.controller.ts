import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { PageQueryDto } from '../core/http/pagination';
import { CurrentUser, Roles, type AuthUser } from '../identity';
import { AccessExportDto, PersonDto, PrivacyRequestDto, PrivacyRequestPageDto } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

const BAD_PERSON = {
  status: 400,
  description: 'Neither an email nor a phone, or one that is not an email address or a UK phone number (`details` names the field)',
  type: ErrorResponseDto,
};

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/privacy')
export class AdminPrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Post('erasures')
  @ApiOperation({
    summary: 'Erase a person’s data on their request: every lead carrying the email or phone, across all buyers (admins)',
    description:
      'The leads keep their industry, postcode district, price and dates; names, email, phones, address and free text go, from the lead and from every copy (events, webhook deliveries, texts, report notes). Each buyer of each lead is sent `lead.erased`. The request is recorded with keyed hashes of the email and phone only: `seenBefore` says whether the person asked before, and when.',
  })
  @ApiResponse({ status: 201, type: PrivacyRequestDto })
  @ApiResponse(BAD_PERSON)
  requestErasure(@CurrentUser() user: AuthUser, @Body() dto: PersonDto): Promise<PrivacyRequestDto> {
    return this.privacy.requestErasure(dto, user.id);
  }

  @Post('access')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Export everything held about a person, as a JSON file (admins)',
    description:
      'Their leads (fields as held), who bought each (buyer, price, date), returns, and the webhook events and texts sent about them. A POST, so the email and phone stay out of URLs and logs. Recorded as an access request.',
  })
  @ApiResponse({
    status: 200,
    type: AccessExportDto,
    headers: {
      'Content-Disposition': { description: 'attachment; filename="leadflow-access-<request id>.json"', schema: { type: 'string' } },
    },
  })
  @ApiResponse(BAD_PERSON)
  async exportPersonalData(
    @CurrentUser() user: AuthUser,
    @Body() dto: PersonDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessExportDto> {
    const file = await this.privacy.exportPersonalData(dto, user.id);
    res.setHeader('Content-Disposition', `attachment; filename="leadflow-access-${file.requestId}.json"`);
    return file;
  }

  @Get('requests')
  @ApiOperation({ summary: 'Erasure and access requests, newest first (admins)' })
  @ApiResponse({ status: 200, type: PrivacyRequestPageDto })
  listPrivacyRequests(@Query() q: PageQueryDto): Promise<PrivacyRequestPageDto> {
    return this.privacy.list(q.page, q.pageSize);
  }
}
