import { Body, Controller, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity';
import { Public } from '../core/http/public.decorator';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { IngestRateLimitGuard, RATE_LIMITED_HEADERS } from './ingest-rate-limit.guard';
import { stripLeadText } from './lead-text';
import { IngestLeadDto, IngestResultDto, SuppliersService } from '../catalog';
import { DistributionService } from './distribution.service';

@ApiTags('leads')
@Controller('leads/ingest')
export class IngestController {
  constructor(
    private readonly suppliers: SuppliersService,
    private readonly distribution: DistributionService,
  ) {}

  @Public()
  @UseGuards(IngestRateLimitGuard)
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiSecurity('supplier-key')
  @ApiHeader({ name: 'X-API-Key', required: true, description: 'The supplier’s key (shown once when created or rotated)' })
  @ApiOperation({
    summary: 'A supplier posts a lead to a campaign',
    description:
      'The campaign’s strategy (round robin, weighted, waterfall, broadcast) picks among the eligible buyers; `status` is `delivered` (with the buyers) or `unsold`. A repeat with the same `externalId` gets the first answer. ' +
      'The body is JSON, at most 100 kB and 32 levels deep. Control characters (other than tab and line breaks) and bidirectional overrides are taken out of the fields’ text; a NUL character or a lone UTF-16 surrogate anywhere is refused (400, `details` names the field). ' +
      'Each key may post `INGEST_RATE_LIMIT_PER_SECOND` leads a second (50 by default) with bursts of `INGEST_RATE_LIMIT_BURST` (200); answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`, and past the limit 429 with `Retry-After`.',
  })
  @ApiResponse({ status: 200, type: IngestResultDto })
  @ApiResponse({
    status: 400,
    description:
      'Not valid JSON, or a field is missing, of the wrong type, holds a NUL character or a lone surrogate, or is nested too deep; `details` names it',
    type: ErrorResponseDto,
  })
  @ApiResponse({ status: 401, description: 'Missing or wrong key', type: ErrorResponseDto })
  @ApiResponse({ status: 403, description: 'The key may not post to this campaign', type: ErrorResponseDto })
  @ApiResponse({
    status: 409,
    description:
      'The campaign is not active, or a lead with this `externalId` is still being offered (send it again shortly for its answer)',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: 422,
    description: 'The lead does not match the campaign’s lead fields; `details` names them',
    type: ErrorResponseDto,
  })
  @ApiResponse({ status: 413, description: 'The body is over 100 kB', type: ErrorResponseDto })
  @ApiResponse({ status: 415, description: 'The body is neither JSON nor form fields, or not UTF-8', type: ErrorResponseDto })
  @ApiResponse({
    status: 429,
    description: 'Too many leads for this key; send again after `Retry-After` seconds',
    type: ErrorResponseDto,
    headers: RATE_LIMITED_HEADERS,
  })
  async ingestLead(@Body() dto: IngestLeadDto, @Headers('x-api-key') apiKey?: string): Promise<IngestResultDto> {
    const supplier = await this.suppliers.authorise(apiKey, dto.campaignId);
    return this.distribution.ingest(supplier, { ...dto, fields: stripLeadText(dto.fields) });
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminDistributionController {
  constructor(private readonly distribution: DistributionService) {}

  @Post('leads/:id/reprocess')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Offer a lead again to buyers who have not had it (admins)' })
  @ApiResponse({ status: 200, type: IngestResultDto })
  @ApiResponse({ status: 409, description: 'No other buyer can take it', type: ErrorResponseDto })
  reprocessLead(@Param('id', ParseUUIDPipe) id: string): Promise<IngestResultDto> {
    return this.distribution.reprocess(id);
  }
}
