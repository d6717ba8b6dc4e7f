import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { PageQueryDto } from '../core/http/pagination';
import { pdfFile } from '../core/http/pdf';
import { ClientAccess, CurrentUser, Roles, type AuthUser } from '../identity';
import { IssueInvoiceDto, SubscriptionInvoiceDto, SubscriptionInvoicePageDto, VoidInvoiceDto } from './dto/invoices.dto';
import { InvoicesService } from './invoices.service';

const NotFound = () => ApiResponse({ status: 404, description: 'No such invoice', type: ErrorResponseDto });
const Pdf = () => ApiResponse({ status: 200, description: 'PDF', schema: { type: 'string', format: 'binary' } });

/** A client's own subscription invoices. */
@ApiTags('subscription')
@ApiBearerAuth()
@ClientAccess()
@Controller('subscription/invoices')
export class SubscriptionInvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: 'Your subscription invoices, newest first' })
  @ApiResponse({ status: 200, type: SubscriptionInvoicePageDto })
  listSubscriptionInvoices(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<SubscriptionInvoicePageDto> {
    return this.invoices.page(user.clientId!, q.page, q.pageSize);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your subscription invoices' })
  @ApiResponse({ status: 200, type: SubscriptionInvoiceDto })
  @NotFound()
  getSubscriptionInvoice(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SubscriptionInvoiceDto> {
    return this.invoices.get(id, user.clientId!);
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'One of your subscription invoices as a PDF (a UK VAT invoice)' })
  @Pdf()
  @NotFound()
  async getSubscriptionInvoicePdf(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.invoices.pdf(id, user.clientId!);
    return pdfFile(filename, pdf);
  }

  @Get(':id/credit-note/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The credit note that voided one of your invoices, as a PDF' })
  @Pdf()
  @ApiResponse({ status: 404, description: 'No such invoice, or it is not void', type: ErrorResponseDto })
  async getSubscriptionCreditNotePdf(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.invoices.pdf(id, user.clientId!, true);
    return pdfFile(filename, pdf);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminInvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get('clients/:id/invoices')
  @ApiOperation({ summary: 'A client’s subscription invoices, newest first (admins)' })
  @ApiResponse({ status: 200, type: SubscriptionInvoicePageDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  listClientSubscriptionInvoices(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<SubscriptionInvoicePageDto> {
    return this.invoices.page(id, q.page, q.pageSize);
  }

  @Post('clients/:id/invoices')
  @ApiOperation({
    summary: 'Issue the invoice for a client’s next subscription period (admins)',
    description: 'The plan and the bought seats for the period(s) after the current one, numbered LF-000001 on with no gaps.',
  })
  @ApiResponse({ status: 201, type: SubscriptionInvoiceDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'That period is invoiced already (the message names the invoice)', type: ErrorResponseDto })
  @ApiResponse({ status: 422, description: 'The client is on a free plan: nothing to invoice', type: ErrorResponseDto })
  issueSubscriptionInvoice(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: IssueInvoiceDto,
  ): Promise<SubscriptionInvoiceDto> {
    return this.invoices.issue(id, user.id, dto.periods ?? 1);
  }

  @Get('invoices/:id')
  @ApiOperation({ summary: 'A subscription invoice (admins)' })
  @ApiResponse({ status: 200, type: SubscriptionInvoiceDto })
  @NotFound()
  getAdminSubscriptionInvoice(@Param('id', ParseUUIDPipe) id: string): Promise<SubscriptionInvoiceDto> {
    return this.invoices.get(id);
  }

  @Get('invoices/:id/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A subscription invoice as a PDF (admins)' })
  @Pdf()
  @NotFound()
  async getAdminSubscriptionInvoicePdf(@Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.invoices.pdf(id, undefined);
    return pdfFile(filename, pdf);
  }

  @Get('invoices/:id/credit-note/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The credit note that voided an invoice, as a PDF (admins)' })
  @Pdf()
  @ApiResponse({ status: 404, description: 'No such invoice, or it is not void', type: ErrorResponseDto })
  async getAdminSubscriptionCreditNotePdf(@Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.invoices.pdf(id, undefined, true);
    return pdfFile(filename, pdf);
  }

  @Post('invoices/:id/void')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Void an open invoice with a credit note (admins)',
    description: 'The reason goes on the credit note and in the activity log.',
  })
  @ApiResponse({ status: 200, type: SubscriptionInvoiceDto })
  @ApiResponse({ status: 409, description: 'Already void, or paid', type: ErrorResponseDto })
  @NotFound()
  voidSubscriptionInvoice(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: VoidInvoiceDto,
  ): Promise<SubscriptionInvoiceDto> {
    return this.invoices.void(id, user.id, dto.reason);
  }
}
