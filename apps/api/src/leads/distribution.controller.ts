import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity';
import { Public } from '../core/http/public.decorator';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { IngestRateLimitGuard, RATE_LIMITED_HEADERS } from './ingest-rate-limit.guard';
import { stripLeadText } from './lead-text';
import { IngestLeadDto, IngestResultDto, SuppliersService } from '../catalog';
import { DistributionService } from './distribution.service';
import { PingLeadDto, PingResultDto, PingStatsDto, PingStatsQueryDto, PostLeadDto, PostResultDto } from './dto/ping.dto';
import { PingPostService } from './ping-post.service';

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

const SUPPLIER_KEY = { name: 'X-API-Key', required: true, description: 'The supplier’s key' };
const KEY_REFUSED = { status: 401, description: 'Missing or wrong key', type: ErrorResponseDto };
const TOO_MANY = {
  status: 429,
  description: 'Too many calls for this key (pings and posts count with leads); send again after `Retry-After` seconds',
  type: ErrorResponseDto,
  headers: RATE_LIMITED_HEADERS,
};

@ApiTags('leads')
@Controller('leads')
export class PingPostController {
  constructor(
    private readonly suppliers: SuppliersService,
    private readonly pingPost: PingPostService,
  ) {}

  @Public()
  @UseGuards(IngestRateLimitGuard)
  @Post('ping')
  @HttpCode(HttpStatus.OK)
  @ApiSecurity('supplier-key')
  @ApiHeader(SUPPLIER_KEY)
  @ApiOperation({
    summary: 'A supplier pings a lead’s non-personal data: will a buyer take it, at what price?',
    description:
      'The campaign’s strategy picks among its buyers as for a post (waterfall: the highest bid first, then priority). An accepted ping reserves that buyer’s cap slot and credit until `expiresAt` (`PING_TTL_SECONDS`), so the post cannot fail on them; post the whole lead before then with `POST /api/leads/post`. Campaigns that broadcast take posts only (409).',
  })
  @ApiResponse({ status: 200, type: PingResultDto })
  @ApiResponse({ status: 400, description: 'Not valid JSON, or campaignId/fields missing', type: ErrorResponseDto })
  @ApiResponse(KEY_REFUSED)
  @ApiResponse({ status: 403, description: 'The key may not post to this campaign', type: ErrorResponseDto })
  @ApiResponse({ status: 404, description: 'No such campaign', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The campaign is not active, or broadcasts', type: ErrorResponseDto })
  @ApiResponse({
    status: 422,
    description:
      'A personal field (any standard field but the postcode, or a text, email, phone or date column), or a field that does not match the lead columns; `details` names it',
    type: ErrorResponseDto,
  })
  @ApiResponse(TOO_MANY)
  async pingLead(@Body() dto: PingLeadDto, @Headers('x-api-key') apiKey?: string): Promise<PingResultDto> {
    const supplier = await this.suppliers.authorise(apiKey, dto.campaignId);
    return this.pingPost.ping(supplier, { ...dto, fields: stripLeadText(dto.fields) });
  }

  @Public()
  @UseGuards(IngestRateLimitGuard)
  @Post('post')
  @HttpCode(HttpStatus.OK)
  @ApiSecurity('supplier-key')
  @ApiHeader(SUPPLIER_KEY)
  @ApiOperation({
    summary: 'A supplier posts the lead of an accepted ping',
    description:
      'Delivered to the pinged buyer at the pinged price. Its non-personal fields must be those pinged (else `ping_mismatch`, and the ping still holds); after `expiresAt` the answer is `ping_expired` and nothing is taken in. A repeat of a post that was answered gets the same answer.',
  })
  @ApiResponse({ status: 200, type: PostResultDto })
  @ApiResponse({ status: 400, description: 'Not valid JSON, or pingId/fields missing', type: ErrorResponseDto })
  @ApiResponse(KEY_REFUSED)
  @ApiResponse({ status: 403, description: 'The key may no longer post to the ping’s campaign', type: ErrorResponseDto })
  @ApiResponse({ status: 404, description: 'No ping of this key with that id', type: ErrorResponseDto })
  @ApiResponse({
    status: 409,
    description: 'No buyer took the ping, the same post is under way (send it again for its answer), or the reference was used',
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: 422,
    description: 'The lead does not match the campaign’s lead fields; `details` names them',
    type: ErrorResponseDto,
  })
  @ApiResponse(TOO_MANY)
  postPingedLead(@Body() dto: PostLeadDto, @Headers('x-api-key') apiKey?: string): Promise<PostResultDto> {
    return this.pingPost.post(apiKey, { ...dto, fields: stripLeadText(dto.fields) });
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminDistributionController {
  constructor(
    private readonly distribution: DistributionService,
    private readonly pingPost: PingPostService,
  ) {}

  @Get('pings/stats')
  @ApiOperation({ summary: 'Ping volume, acceptance rate and ping → post conversion per supplier (admins)' })
  @ApiResponse({ status: 200, type: PingStatsDto })
  @ApiResponse({ status: 400, description: 'from or to is not a date and time', type: ErrorResponseDto })
  @ApiResponse({ status: 422, description: 'from is not before to', type: ErrorResponseDto })
  pingStats(@Query() query: PingStatsQueryDto): Promise<PingStatsDto> {
    return this.pingPost.stats(query.from, query.to);
  }

  @Post('leads/:id/reprocess')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Offer a lead again to buyers who have not had it (admins)' })
  @ApiResponse({ status: 200, type: IngestResultDto })
  @ApiResponse({ status: 409, description: 'No other buyer can take it', type: ErrorResponseDto })
  reprocessLead(@Param('id', ParseUUIDPipe) id: string): Promise<IngestResultDto> {
    return this.distribution.reprocess(id);
  }
}
