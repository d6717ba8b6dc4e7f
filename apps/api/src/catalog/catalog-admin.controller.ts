import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles } from '../identity';
import { CampaignsService } from './campaigns.service';
import {
  CampaignDto,
  CreateCampaignDto,
  CreateSupplierDto,
  SubscriptionDto,
  SupplierDto,
  SupplierWithKeyDto,
  UpdateCampaignDto,
  UpdateSupplierDto,
} from './dto/distribution.dto';
import { SuppliersService } from './suppliers.service';

/** Campaigns and their buyers (admins). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/campaigns')
export class AdminCampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: 'Campaigns and their buyers (admins)' })
  @ApiResponse({ status: 200, type: [CampaignDto] })
  listCampaigns(): Promise<CampaignDto[]> {
    return this.campaigns.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a campaign (admins)' })
  @ApiResponse({ status: 201, type: CampaignDto })
  createCampaign(@Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  updateCampaign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.update(id, dto);
  }

  @Put(':id/subscriptions')
  @ApiOperation({ summary: 'Add or change a buyer in a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  subscribeBuyer(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SubscriptionDto,
  ): Promise<CampaignDto> {
    return this.campaigns.subscribe(id, dto, user.id);
  }

  @Delete(':id/subscriptions/:clientId')
  @ApiOperation({ summary: 'Take a buyer out of a campaign (admins)' })
  @ApiResponse({ status: 200, type: CampaignDto })
  unsubscribeBuyer(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('clientId', ParseUUIDPipe) clientId: string,
  ): Promise<CampaignDto> {
    return this.campaigns.unsubscribe(id, clientId, user.id);
  }
}

/** Lead suppliers and their keys (admins). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/suppliers')
export class AdminSuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Get()
  @ApiOperation({ summary: 'Suppliers (admins)' })
  @ApiResponse({ status: 200, type: [SupplierDto] })
  listSuppliers(): Promise<SupplierDto[]> {
    return this.suppliers.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create a supplier; its key is shown once (admins)' })
  @ApiResponse({ status: 201, type: SupplierWithKeyDto })
  createSupplier(@Body() dto: CreateSupplierDto): Promise<SupplierWithKeyDto> {
    return this.suppliers.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a supplier’s name, campaigns or active flag (admins)' })
  @ApiResponse({ status: 200, type: SupplierDto })
  updateSupplier(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateSupplierDto): Promise<SupplierDto> {
    return this.suppliers.update(id, dto);
  }

  @Post(':id/rotate-key')
  @ApiOperation({ summary: 'Give a supplier a new key; the old one stops working (admins)' })
  @ApiResponse({ status: 201, type: SupplierWithKeyDto })
  rotateSupplierKey(@Param('id', ParseUUIDPipe) id: string): Promise<SupplierWithKeyDto> {
    return this.suppliers.rotate(id);
  }
}
