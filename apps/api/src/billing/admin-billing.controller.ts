import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, Roles } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { pdfFile } from '../core/http/pdf';
import { AdminBillingService } from './admin-billing.service';
import { requireIdempotencyKey } from './billing.controller';
import { BillingService } from './billing.service';
import {
  AdjustmentDto,
  BillingSummaryDto,
  CreditTermsDto,
  LedgerEntryDto,
  LedgerPageDto,
  LedgerQueryDto,
  PaymentPageDto,
  PaymentsQueryDto,
  ReconciliationDto,
} from './dto/billing.dto';
import { ReceiptsService } from './receipts.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminBillingController {
  constructor(
    private readonly admin: AdminBillingService,
    private readonly billing: BillingService,
    private readonly weekly: WeeklyInvoicesService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Get('clients/:id/billing')
  @ApiOperation({ summary: 'A client’s balance, limit and auto-charge (admins)' })
  @ApiResponse({ status: 200, type: BillingSummaryDto })
  getClientBilling(@Param('id', ParseUUIDPipe) id: string): Promise<BillingSummaryDto> {
    return this.billing.summary(id);
  }

  @Get('clients/:id/ledger')
  @ApiOperation({ summary: 'A client’s ledger (admins)' })
  @ApiResponse({ status: 200, type: LedgerPageDto })
  getClientLedger(@Param('id', ParseUUIDPipe) id: string, @Query() q: LedgerQueryDto): Promise<LedgerPageDto> {
    return this.billing.ledgerPage(id, q);
  }

  @Get('clients/:id/payments')
  @ApiOperation({ summary: 'A client’s payments (admins)' })
  @ApiResponse({ status: 200, type: PaymentPageDto })
  getClientPayments(@Param('id', ParseUUIDPipe) id: string, @Query() q: PaymentsQueryDto): Promise<PaymentPageDto> {
    return this.billing.payments(id, q, true);
  }

  @Get('clients/:id/payments/:paymentId/receipt.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A client’s VAT receipt for a paid payment, as a PDF (admins)' })
  @ApiResponse({ status: 200, description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, description: 'No such payment for this client', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The payment is not paid', type: ErrorResponseDto })
  async getClientReceiptPdf(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('paymentId', ParseUUIDPipe) paymentId: string,
  ): Promise<StreamableFile> {
    const { filename, pdf } = await this.receipts.pdf(id, paymentId);
    return pdfFile(filename, pdf);
  }

  @Post('clients/:id/adjustments')
  @ApiOperation({
    summary: 'Adjust a client’s credit with a reason (admins)',
    description: 'Activity-logged. Repeat with the same Idempotency-Key to apply it once.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiResponse({ status: 201, type: LedgerEntryDto })
  @ApiResponse({ status: 400, description: 'Zero amount, no reason, below the credit limit, or no key', type: ErrorResponseDto })
  adjustCredit(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AdjustmentDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<LedgerEntryDto> {
    return this.admin.adjust(id, user.id, dto, requireIdempotencyKey(key));
  }

  @Put('clients/:id/credit-terms')
  @ApiOperation({ summary: 'Weekly terms and credit limit (admins)' })
  @ApiResponse({ status: 200, type: BillingSummaryDto })
  async setCreditTerms(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreditTermsDto,
  ): Promise<BillingSummaryDto> {
    await this.admin.setCreditTerms(id, user.id, dto);
    return this.billing.summary(id);
  }

  @Post('invoices/:id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a client’s weekly invoice again (admins)' })
  resendClientInvoice(@Param('id', ParseUUIDPipe) id: string) {
    return this.weekly.resend(null, id);
  }

  @Post('billing/reconcile')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reconciliation report (admins)',
    description:
      'Checks Σ ledger = balance for every client, and re-reads from Stripe every payment pending for over an hour, settling it.',
  })
  @ApiResponse({ status: 200, type: ReconciliationDto })
  reconcileBilling(): Promise<ReconciliationDto> {
    return this.admin.reconcile();
  }
}
