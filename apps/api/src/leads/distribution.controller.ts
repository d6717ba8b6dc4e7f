import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles } from '../identity';
import { Public } from '../core/http/public.decorator';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { IngestRateLimitGuard, RATE_LIMITED_HEADERS } from './ingest-rate-limit.guard';
import { stripLeadText } from './lead-text';
import {
  CampaignsService,
  CampaignDto,
  CreateCampaignDto,
  CreateSupplierDto,
  IngestLeadDto,
  IngestResultDto,
  SubscriptionDto,
  SupplierDto,
  SupplierWithKeyDto,
  UpdateCampaignDto,
  UpdateSupplierDto,
  SuppliersService,
} from '../catalog';
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
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly suppliers: SuppliersService,
    private readonly distribution: DistributionService,
  ) {}

  @Get('campaigns')
  @ApiOperation({ summary: 'Campaigns and their buyers (admins)' })
  @ApiResponse({ status: 200, type: [CampaignDto] })
  listCampaigns(): Promise<CampaignDto[]> {
    return this.campaigns.list();
  }

  @Post('campaigns')
  @ApiOperation({ summary: 'Create a campaign (admins)' })
  @ApiResponse({ status: 201, type: CampaignDto })
  createCampaign(@Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(dto);
  }

  @Patch('campaigns/:id')
  @ApiOperation({ summary: 'Change a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  updateCampaign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.update(id, dto);
  }

  @Put('campaigns/:id/subscriptions')
  @ApiOperation({ summary: 'Add or change a buyer in a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  subscribeBuyer(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubscriptionDto,
  ): Promise<CampaignDto> {
    return this.campaigns.subscribe(id, dto, user.id);
  }

  @Delete('campaigns/:id/subscriptions/:clientId')
  @ApiOperation({ summary: 'Take a buyer out of a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  unsubscribeBuyer(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('clientId', ParseUUIDPipe) clientId: string,
  ): Promise<CampaignDto> {
    return this.campaigns.unsubscribe(id, clientId, user.id);
  }

  @Post('leads/:id/reprocess')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Offer a lead again to buyers who have not had it (admins)' })
  @ApiResponse({ status: 200, type: IngestResultDto })
  @ApiResponse({ status: 409, description: 'No other buyer can take it', type: ErrorResponseDto })
  reprocessLead(@Param('id', ParseUUIDPipe) id: string): Promise<IngestResultDto> {
    return this.distribution.reprocess(id);
  }

  @Get('suppliers')
  @ApiOperation({ summary: 'Suppliers (admins)' })
  @ApiResponse({ status: 200, type: [SupplierDto] })
  listSuppliers(): Promise<SupplierDto[]> {
    return this.suppliers.list();
  }

  @Post('suppliers')
  @ApiOperation({ summary: 'Create a supplier; its key is shown once (admins)' })
  @ApiResponse({ status: 201, type: SupplierWithKeyDto })
  createSupplier(@Body() dto: CreateSupplierDto): Promise<SupplierWithKeyDto> {
    return this.suppliers.create(dto);
  }

  @Patch('suppliers/:id')
  @ApiOperation({ summary: 'Change a supplier’s name, campaigns or active flag (admins)' })
  @ApiResponse({ status: 200, type: SupplierDto })
  updateSupplier(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSupplierDto): Promise<SupplierDto> {
    return this.suppliers.update(id, dto);
  }

  @Post('suppliers/:id/rotate-key')
  @ApiOperation({ summary: 'Give a supplier a new key; the old one stops working (admins)' })
  @ApiResponse({ status: 201, type: SupplierWithKeyDto })
  rotateSupplierKey(@Param('id', ParseUUIDPipe) id: string): Promise<SupplierWithKeyDto> {
    return this.suppliers.rotate(id);
  }
}
