import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
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
import { CurrentUser, type AuthUser, ClientAccess, OwnerOnly } from '../identity';
import { csvFile } from '../core/http/csv';
import { pdfFile } from '../core/http/pdf';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { CardsService } from './cards.service';
import { CardDto, CheckoutSessionDto, ConfirmCardDto, PaymentMethodsDto } from './dto/cards.dto';
import { BillingService } from './billing.service';
import {
  AutoChargeSettingsDto,
  BillingSummaryDto,
  LedgerPageDto,
  LedgerExportQueryDto,
  LedgerQueryDto,
  PaymentDto,
  PaymentPageDto,
  PaymentsQueryDto,
  TopUpDto,
} from './dto/billing.dto';
import { ReceiptDto } from './dto/receipt.dto';
import { PaymentsService, toPaymentDto } from './payments.service';
import { ReceiptsService } from './receipts.service';
import { WeeklyInvoicesService } from './weekly-invoices.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key || !IDEMPOTENCY_KEY.test(key)) {
    const message = 'The Idempotency-Key header is required: 8–200 characters of letters, digits, ".", "_", ":" or "-" (a UUID is ideal)';
    throw new BadRequestException({ message, details: [{ field: 'Idempotency-Key', messages: [message] }] });
  }
  return key;
}

const Closed = () =>
  ApiResponse({ status: 403, description: 'Onboarding not finished, or a non-billable account', type: ErrorResponseDto });

/** The ledger export's columns (integrators read them: the names stay). */
const LEDGER_CSV_HEADER = ['date', 'kind', 'amount', 'balance_after', 'currency', 'description', 'reference'];

@ApiTags('billing')
@ApiBearerAuth()
@ClientAccess({ onboarded: true, billable: true })
@Controller('billing')
export class BillingController {
  constructor(
    private readonly billing: BillingService,
    private readonly payments: PaymentsService,
    private readonly cards: CardsService,
    private readonly weekly: WeeklyInvoicesService,
    private readonly receipts: ReceiptsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Balance, credit limit, auto-charge, VAT and top-up limits' })
  @ApiResponse({ status: 200, type: BillingSummaryDto })
  @Closed()
  getBilling(@CurrentUser() user: AuthUser): Promise<BillingSummaryDto> {
    return this.billing.summary(user.clientId!);
  }

  @Post('top-ups')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Buy credit with the default card',
    description:
      'Creates a payment and confirms a PaymentIntent on the default card. `status` is `succeeded`, `failed` (with Stripe’s reason), or `requires_action` with `nextActionUrl` for 3-D Secure. The balance is credited once, when Stripe confirms. Repeat a request with the same Idempotency-Key to get the same payment.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per top-up (e.g. a UUID), 8–200 characters' })
  @ApiResponse({ status: 201, type: PaymentDto })
  @ApiResponse({ status: 400, description: 'Bad amount or missing Idempotency-Key', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The key was used for another amount, or no card', type: ErrorResponseDto })
  @Closed()
  createTopUp(@CurrentUser() user: AuthUser, @Body() dto: TopUpDto, @Headers('idempotency-key') key?: string): Promise<PaymentDto> {
    return this.payments.topUp(user.clientId!, dto.amount, requireIdempotencyKey(key), dto.cardId);
  }

  @Get('payments')
  @ApiOperation({ summary: 'Payments (top-ups, auto-charges, weekly invoices), newest first' })
  @ApiResponse({ status: 200, type: PaymentPageDto })
  @Closed()
  listPayments(@CurrentUser() user: AuthUser, @Query() q: PaymentsQueryDto): Promise<PaymentPageDto> {
    return this.billing.payments(user.clientId!, q);
  }

  @Get('payments/:id')
  @ApiOperation({ summary: 'One payment' })
  @ApiResponse({ status: 200, type: PaymentDto })
  @ApiResponse({ status: 404, description: 'No such payment for this account', type: ErrorResponseDto })
  async getPayment(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PaymentDto> {
    return toPaymentDto(await this.payments.get(user.clientId!, id));
  }

  @Get('payments/:id/receipt')
  @ApiOperation({
    summary: 'The VAT receipt of a paid payment',
    description:
      'Our name, address and VAT number, yours, the number (Xero’s invoice number once the payment is in Xero), the date, and net, VAT and gross. `receipt.pdf` is the same as a PDF.',
  })
  @ApiResponse({ status: 200, type: ReceiptDto })
  @ApiResponse({ status: 404, description: 'No such payment for this account', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The payment is not paid (failed, or not finished yet)', type: ErrorResponseDto })
  getReceipt(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ReceiptDto> {
    return this.receipts.receipt(user.clientId!, id);
  }

  @Get('payments/:id/receipt.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The VAT receipt of a paid payment, as a PDF to download' })
  @ApiResponse({ status: 200, description: 'PDF', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 404, description: 'No such payment for this account', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The payment is not paid (failed, or not finished yet)', type: ErrorResponseDto })
  async getReceiptPdf(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const { filename, pdf } = await this.receipts.pdf(user.clientId!, id);
    return pdfFile(filename, pdf);
  }

  @Post('payments/:id/authenticate')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Finish a payment that needs 3-D Secure',
    description: 'Returns `nextActionUrl`, Stripe’s page to approve the payment.',
  })
  @ApiResponse({ status: 200, type: PaymentDto })
  @ApiResponse({ status: 409, description: 'The payment does not need authentication', type: ErrorResponseDto })
  authenticatePayment(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PaymentDto> {
    return this.payments.authenticate(user.clientId!, id);
  }

  @Post('invoices/:id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a weekly invoice again' })
  @ApiResponse({ status: 200, type: PaymentDto })
  @ApiResponse({ status: 409, description: 'Already paid or not issued', type: ErrorResponseDto })
  resendInvoice(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PaymentDto> {
    return this.weekly.resend(user.clientId!, id);
  }

  @Get('ledger')
  @ApiOperation({
    summary: 'Every movement of the balance, newest first',
    description: 'Filter by kind and date; page through with page/pageSize.',
  })
  @ApiResponse({ status: 200, type: LedgerPageDto })
  @Closed()
  listLedger(@CurrentUser() user: AuthUser, @Query() q: LedgerQueryDto): Promise<LedgerPageDto> {
    return this.billing.ledgerPage(user.clientId!, q);
  }

  @Get('ledger.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'The filtered ledger as CSV',
    description: 'Every entry the filters match (no cap), streamed; no cell is ever read as a spreadsheet formula.',
  })
  @ApiResponse({ status: 200, description: 'CSV', schema: { type: 'string' } })
  exportLedger(@CurrentUser() user: AuthUser, @Query() q: LedgerExportQueryDto): StreamableFile {
    return csvFile('leadflow-ledger.csv', LEDGER_CSV_HEADER, this.billing.ledgerCsvRows(user.clientId!, q));
  }

  @Put('auto-charge')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Auto-charge settings',
    description: 'When a charge leaves the balance under `threshold`, `amount` of credit is bought off-session on the default card.',
  })
  @ApiResponse({ status: 200, type: BillingSummaryDto })
  @ApiResponse({ status: 409, description: 'No card', type: ErrorResponseDto })
  setAutoCharge(@CurrentUser() user: AuthUser, @Body() dto: AutoChargeSettingsDto): Promise<BillingSummaryDto> {
    return this.billing.setAutoCharge(user.clientId!, user.id, dto);
  }

  @Get('payment-methods')
  @ApiOperation({ summary: 'Saved cards, the default first' })
  @ApiResponse({ status: 200, type: PaymentMethodsDto })
  @Closed()
  async listPaymentMethods(@CurrentUser() user: AuthUser): Promise<PaymentMethodsDto> {
    return { items: await this.billing.cards(user.clientId!) };
  }

  @Post('payment-methods/checkout-session')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Add another card: open Stripe’s card page',
    description: 'Stripe returns to `/billing/cards/return?session_id=…`.',
  })
  @ApiResponse({ status: 201, type: CheckoutSessionDto })
  addPaymentMethodSession(@CurrentUser() user: AuthUser): Promise<CheckoutSessionDto> {
    return this.cards.openSetupSession(user.clientId!, 'billing');
  }

  @Post('payment-methods/confirm')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Save the card from Stripe’s return' })
  @ApiResponse({ status: 200, type: PaymentMethodsDto })
  @ApiResponse({ status: 404, description: 'No such session for this account', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'Stripe has not completed the card setup', type: ErrorResponseDto })
  async confirmPaymentMethod(@CurrentUser() user: AuthUser, @Body() dto: ConfirmCardDto): Promise<PaymentMethodsDto> {
    const card: CardDto | null = await this.cards.storeFromCheckoutSession(user.clientId!, dto.sessionId, user.id);
    if (!card) throw new ConflictException('Stripe has not completed the card setup yet; finish it on Stripe’s page');
    return { items: await this.billing.cards(user.clientId!) };
  }

  @Post('payment-methods/:id/default')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Make a card the default' })
  @ApiResponse({ status: 200, type: PaymentMethodsDto })
  @ApiResponse({ status: 404, description: 'No such card', type: ErrorResponseDto })
  async makeDefaultPaymentMethod(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PaymentMethodsDto> {
    return { items: await this.billing.makeDefault(user.clientId!, user.id, id) };
  }

  @Delete('payment-methods/:id')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Remove a card',
    description: 'Removing the default card turns auto-charge off; `autoChargeTurnedOff` says so.',
  })
  @ApiResponse({
    status: 200,
    schema: {
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/CardDto' } }, autoChargeTurnedOff: { type: 'boolean' } },
    },
  })
  @ApiResponse({ status: 404, description: 'No such card', type: ErrorResponseDto })
  async removePaymentMethod(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<{ items: CardDto[]; autoChargeTurnedOff: boolean }> {
    const { cards, autoChargeTurnedOff } = await this.billing.removeCard(user.clientId!, user.id, id);
    return { items: cards, autoChargeTurnedOff };
  }
}
