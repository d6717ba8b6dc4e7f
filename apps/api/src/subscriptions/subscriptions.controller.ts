import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { ClientAccess, CurrentUser, OwnerOnly, Roles, TeamDto, type AuthUser } from '../identity';
import { ClientSubscriptionDto, SetSeatLimitDto } from './dto/plans.dto';
import {
  AddOnSeatsDto,
  AdminChangePlanDto,
  AdvanceDto,
  ChoosePlanDto,
  ExtendSubscriptionDto,
  PendingPlanDto,
  QuoteRequestDto,
  SubscriptionPaymentDto,
  SubscriptionQuoteDto,
  SubscriptionSummaryDto,
} from './dto/subscription-cycle.dto';
import { SubscriptionBilling } from './subscription-billing.service';
import { SubscriptionsService } from './subscriptions.service';

const PAYMENT_ANSWER = {
  status: 201,
  type: SubscriptionPaymentDto,
  description: 'How the card payment went (`status`); 3-D Secure sends the browser to `nextActionUrl`, which returns to /plan?payment=<id>',
} as const;

@ApiTags('subscription')
@ApiBearerAuth()
@ClientAccess()
@Controller('subscription')
export class SubscriptionController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly billing: SubscriptionBilling,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your plan, seats and how long it runs' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  getSubscription(@CurrentUser() user: AuthUser): Promise<ClientSubscriptionDto> {
    return this.subscriptions.get(user.clientId!);
  }

  @Put('pending-plan')
  @OwnerOnly()
  @ApiOperation({ summary: 'Remember the paid plan chosen on the pricing page (bought at the card step); null forgets it' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 404, description: 'No such plan on offer', type: ErrorResponseDto })
  @ApiResponse({ status: 422, description: 'A free plan', type: ErrorResponseDto })
  choosePendingPlan(@CurrentUser() user: AuthUser, @Body() dto: PendingPlanDto): Promise<ClientSubscriptionDto> {
    return this.billing.choosePending(user.clientId!, dto.planId);
  }

  @Post('checkout')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Buy a paid plan: the first period is charged now on your default card',
    description:
      'From the free plan (or after a cancellation). On success the plan runs one period from now and a paid invoice is issued; on failure nothing changes.',
  })
  @ApiResponse(PAYMENT_ANSWER)
  @ApiResponse({ status: 409, description: 'No card yet, already on a paid plan, or a payment in progress', type: ErrorResponseDto })
  checkoutPlan(@CurrentUser() user: AuthUser, @Body() dto: ChoosePlanDto): Promise<SubscriptionPaymentDto> {
    return this.billing.checkout(user.clientId!, user.id, dto.planId);
  }

  @Post('quote')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What a change would cost and when it takes effect, without making it',
    description:
      'Exactly one of `planId` (a plan change), `addOnSeats` (the new total of add-on seats) or `periods` (paying ahead). `problem` says why it would be refused.',
  })
  @ApiResponse({ status: 200, type: SubscriptionQuoteDto })
  @ApiResponse({ status: 422, description: 'Not exactly one of planId, addOnSeats, periods', type: ErrorResponseDto })
  quoteSubscriptionChange(@CurrentUser() user: AuthUser, @Body() dto: QuoteRequestDto): Promise<SubscriptionQuoteDto> {
    return this.billing.quote(user.clientId!, dto);
  }

  @Post('plan')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Change plan',
    description:
      'An upgrade (a higher price for the same billing period) takes effect now and the prorated difference is charged now. Anything else takes effect when the paid time ends (`nothing_to_pay`).',
  })
  @ApiResponse(PAYMENT_ANSWER)
  @ApiResponse({
    status: 409,
    description: 'Same plan, an unpaid invoice, or more members than the new plan has seats (names them)',
    type: ErrorResponseDto,
  })
  changePlan(@CurrentUser() user: AuthUser, @Body() dto: ChoosePlanDto): Promise<SubscriptionPaymentDto> {
    return this.billing.changePlan(user.clientId!, user.id, dto.planId);
  }

  @Post('seats')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Set your add-on seats',
    description:
      'More seats: their prorated price for the rest of the paid time is charged now and the seat limit rises at once. Fewer: from the end of the paid time.',
  })
  @ApiResponse(PAYMENT_ANSWER)
  @ApiResponse({ status: 409, description: 'An unpaid invoice (named), the free plan, or more members than seats', type: ErrorResponseDto })
  setAddOnSeats(@CurrentUser() user: AuthUser, @Body() dto: AddOnSeatsDto): Promise<SubscriptionPaymentDto> {
    return this.billing.setAddOnSeats(user.clientId!, user.id, dto.addOnSeats);
  }

  @Post('advance')
  @OwnerOnly()
  @ApiOperation({ summary: 'Pay N billing periods ahead: charged now, "valid until" moves N periods on, and the cycle skips them' })
  @ApiResponse(PAYMENT_ANSWER)
  @ApiResponse({ status: 409, description: 'The free plan, an unpaid invoice, or a change scheduled', type: ErrorResponseDto })
  payInAdvance(@CurrentUser() user: AuthUser, @Body() dto: AdvanceDto): Promise<SubscriptionPaymentDto> {
    return this.billing.payInAdvance(user.clientId!, user.id, dto.periods);
  }

  @Post('cancel')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End the paid plan when the paid time runs out (back to the free plan; data and ledger kept)' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({
    status: 409,
    description: 'The free plan, already ending, or more members than the free plan allows',
    type: ErrorResponseDto,
  })
  cancelSubscription(@CurrentUser() user: AuthUser): Promise<ClientSubscriptionDto> {
    return this.subscriptions.cancel(user.clientId!, user.id);
  }

  @Post('resume')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Undo a cancellation before the paid time runs out' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 409, description: 'Not set to end', type: ErrorResponseDto })
  resumeSubscription(@CurrentUser() user: AuthUser): Promise<ClientSubscriptionDto> {
    return this.subscriptions.resume(user.clientId!, user.id);
  }

  @Post('invoices/:id/pay')
  @OwnerOnly()
  @ApiOperation({ summary: 'Pay one of your open invoices now with your default card (a suspended account is reactivated at once)' })
  @ApiResponse(PAYMENT_ANSWER)
  @ApiResponse({ status: 404, description: 'No such invoice of yours', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'Paid or void already, a payment in progress, or no card', type: ErrorResponseDto })
  payInvoice(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SubscriptionPaymentDto> {
    return this.billing.payInvoice(user.clientId!, id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients')
export class AdminSubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get(':id/subscription')
  @ApiOperation({ summary: 'A client’s plan, seats and period (admins)' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  getClientSubscription(@Param('id', ParseUUIDPipe) id: string): Promise<ClientSubscriptionDto> {
    return this.subscriptions.get(id);
  }

  @Patch(':id/seat-limit')
  @ApiOperation({
    summary: 'Set how many seats a client has (admins)',
    description: 'The seats beyond the plan’s and the bought ones are comped (given free), with the reason in the activity log.',
  })
  @ApiResponse({ status: 200, type: TeamDto })
  @ApiResponse({ status: 409, description: 'Fewer than the plan and bought seats give', type: ErrorResponseDto })
  setSeatLimit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetSeatLimitDto): Promise<TeamDto> {
    return this.subscriptions.setSeatLimit(id, user.id, dto.seatLimit, dto.reason);
  }

  @Post(':id/subscription/plan')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Put a client on a plan now, without a charge (admins)',
    description: 'From the free plan, a paid plan runs one period from now. The reason goes to the activity log.',
  })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 404, description: 'No such client or active plan', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'Same plan, or the team is bigger than the plan’s seats', type: ErrorResponseDto })
  adminChangePlan(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AdminChangePlanDto,
  ): Promise<ClientSubscriptionDto> {
    return this.subscriptions.adminChangePlan(id, user.id, dto.planId, dto.reason);
  }

  @Post(':id/subscription/extend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Add days to a client’s "valid until" (admins)', description: 'The reason goes to the activity log.' })
  @ApiResponse({ status: 200, type: ClientSubscriptionDto })
  @ApiResponse({ status: 404, description: 'No such client', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'The free plan does not run out', type: ErrorResponseDto })
  extendSubscription(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ExtendSubscriptionDto,
  ): Promise<ClientSubscriptionDto> {
    return this.subscriptions.extend(id, user.id, dto.days, dto.reason);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/subscriptions')
export class AdminSubscriptionSummaryController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Monthly recurring revenue and the past-due accounts (admins)' })
  @ApiResponse({ status: 200, type: SubscriptionSummaryDto })
  getSubscriptionSummary(): Promise<SubscriptionSummaryDto> {
    return this.subscriptions.summary();
  }
}
