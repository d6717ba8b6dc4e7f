import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles, AllowApiKey, ClientAccess } from '../identity';
import { csvFile } from '../core/http/csv';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { PageQueryDto } from '../core/http/pagination';
import { AdminLeadsService } from './admin-leads.service';
import { ClientLeadsService } from './client-leads.service';
import { AdminLeadDto, AdminLeadPageDto, AdminLeadsQueryDto } from './dto/admin-leads.dto';
import {
  ClientReturnRulesDto,
  DecideReportDto,
  LeadPageDto,
  LeadSummaryDto,
  LeadsExportQueryDto,
  LeadsQueryDto,
  MissedLeadPageDto,
  ReportDto,
  ReportLeadDto,
  ReportPageDto,
  ReportQueryDto,
  ReturnPolicyDto,
  UpdateClientReturnRulesDto,
} from './dto/leads.dto';
import { ReportsService } from './reports.service';

@ApiTags('leads')
@ApiBearerAuth()
@ClientAccess({ onboarded: true })
@AllowApiKey('leads:read')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: ClientLeadsService,
    private readonly reports: ReportsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Your leads, newest first',
    description: 'Filter by date, delivery status, postcode prefix, or search the fields; paginated.',
  })
  @ApiResponse({ status: 200, type: LeadPageDto })
  listLeads(@CurrentUser() user: AuthUser, @Query() q: LeadsQueryDto): Promise<LeadPageDto> {
    return this.leads.list(user.clientId!, q);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Your leads as CSV',
    description:
      'Every lead the filters match (no cap), streamed: the delivery, your industry’s columns, the standard fields, the lead id. No cell is ever read as a spreadsheet formula.',
  })
  @ApiResponse({ status: 200, description: 'CSV', schema: { type: 'string' } })
  async exportLeads(@CurrentUser() user: AuthUser, @Query() q: LeadsExportQueryDto): Promise<StreamableFile> {
    const { header, rows } = await this.leads.csv(user.clientId!, q);
    return csvFile('leadflow-leads.csv', header, rows);
  }

  @Get('missed')
  @ApiOperation({ summary: 'Leads you were considered for but did not get, and why' })
  @ApiResponse({ status: 200, type: MissedLeadPageDto })
  listMissedLeads(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<MissedLeadPageDto> {
    return this.leads.missed(user.clientId!, q.page, q.pageSize);
  }

  @Get('return-policy')
  @ApiOperation({
    summary: 'Your return window, the reasons you can return a lead for, your return rate and its limit',
    description:
      'The rate is your standing returns (pending or approved) over the leads delivered to you in the last 30 days. A return past the limit is still recorded, but marked over the limit and never approved automatically.',
  })
  @ApiResponse({ status: 200, type: ReturnPolicyDto })
  getReturnPolicy(@CurrentUser() user: AuthUser): Promise<ReturnPolicyDto> {
    return this.reports.policy(user.clientId!);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your leads' })
  @ApiResponse({ status: 200, type: LeadSummaryDto })
  @ApiResponse({ status: 404, description: 'Not one of your leads', type: ErrorResponseDto })
  getLead(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<LeadSummaryDto> {
    return this.leads.get(user.clientId!, id);
  }

  @Post(':id/report')
  @AllowApiKey('leads:report')
  @ApiOperation({
    summary: 'Report a lead (wrong number, duplicate, fake, out of area, other)',
    description:
      'Within your industry’s return window after delivery, for one of its reasons (`GET /api/leads/return-policy`). An admin decides, and an approval refunds the lead; a trusted client’s return within its rate limit is approved at once.',
  })
  @ApiResponse({ status: 201, type: ReportDto })
  @ApiResponse({ status: 404, description: 'Not one of your leads', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'Already reported, or too late', type: ErrorResponseDto })
  @ApiResponse({ status: 422, description: 'A reason your industry does not take', type: ErrorResponseDto })
  reportLead(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReportLeadDto): Promise<ReportDto> {
    return this.reports.report(user.clientId!, user.id, id, dto);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/leads')
export class AdminLeadsController {
  constructor(private readonly leads: AdminLeadsService) {}

  @Get()
  @ApiOperation({ summary: 'All leads with where they went and the eligibility record (admins)' })
  @ApiResponse({ status: 200, type: AdminLeadPageDto })
  listAllLeads(@Query() q: AdminLeadsQueryDto): Promise<AdminLeadPageDto> {
    return this.leads.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One lead with its eligibility record (admins)' })
  @ApiResponse({ status: 200, type: AdminLeadDto })
  @ApiResponse({ status: 404, description: 'No such lead', type: ErrorResponseDto })
  getAdminLead(@Param('id', ParseUUIDPipe) id: string): Promise<AdminLeadDto> {
    return this.leads.get(id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/reports')
export class AdminReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'Lead reports, oldest first (admins)' })
  @ApiResponse({ status: 200, type: ReportPageDto })
  listReports(@Query() q: ReportQueryDto): Promise<ReportPageDto> {
    return this.reports.list(q);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve a report: refund the lead once, with a Xero credit note (admins)' })
  @ApiResponse({ status: 200, type: ReportDto })
  approveReport(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideReportDto): Promise<ReportDto> {
    return this.reports.approve(id, user.id, dto.note);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a report with a note (admins)' })
  @ApiResponse({ status: 200, type: ReportDto })
  rejectReport(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideReportDto): Promise<ReportDto> {
    return this.reports.reject(id, user.id, dto.note);
  }

  @Post(':id/reverse')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reverse an automatic approval within a day: the lead is charged again, once (admins)',
    description: 'Reversing again answers the reversed report and charges nothing.',
  })
  @ApiResponse({ status: 200, type: ReportDto })
  @ApiResponse({ status: 404, description: 'No such report', type: ErrorResponseDto })
  @ApiResponse({
    status: 409,
    description: 'Not an automatic approval, too late, or the client’s credit cannot cover it',
    type: ErrorResponseDto,
  })
  reverseReport(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: DecideReportDto): Promise<ReportDto> {
    return this.reports.reverse(id, user.id, dto.note);
  }

  @Post(':id/resell')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Offer an approved return again to buyers who never had the lead, at the resale discount (admins)',
    description: 'Once per return: asking again answers the report as it stands (`resoldTo` null when nobody took it).',
  })
  @ApiResponse({ status: 200, type: ReportDto })
  @ApiResponse({ status: 404, description: 'No such report', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The return is not approved', type: ErrorResponseDto })
  resellReport(@Param('id', ParseUUIDPipe) id: string): Promise<ReportDto> {
    return this.reports.resell(id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients/:id/return-rules')
export class AdminReturnRulesController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'A client’s return rate limit and automatic approval (admins)' })
  @ApiResponse({ status: 200, type: ClientReturnRulesDto })
  getClientReturnRules(@Param('id', ParseUUIDPipe) id: string): Promise<ClientReturnRulesDto> {
    return this.reports.clientRules(id);
  }

  @Put()
  @ApiOperation({
    summary: 'Set a client’s return rate limit (null: the default) and whether its returns are approved at once (admins)',
  })
  @ApiResponse({ status: 200, type: ClientReturnRulesDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  setClientReturnRules(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateClientReturnRulesDto,
  ): Promise<ClientReturnRulesDto> {
    return this.reports.setClientRules(id, user.id, dto);
  }
}
