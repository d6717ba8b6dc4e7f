import { Body, ConflictException, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, ClientAccess, OwnerOnly } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { CardsService, CardDto, CheckoutSessionDto, ConfirmCardDto } from '../billing';
import { BusinessDetailsDto, LeadPreferencesDto, OnboardingStateDto } from './dto/onboarding.dto';
import { OnboardingService } from './onboarding.service';

const Invalid = () => ApiResponse({ status: 400, description: 'Invalid input; `details` names each field', type: ErrorResponseDto });
const OutOfOrder = () =>
  ApiResponse({ status: 409, description: 'An earlier step is not done yet (the message names it)', type: ErrorResponseDto });

@ApiTags('onboarding')
@ApiBearerAuth()
@ClientAccess()
@Controller('onboarding')
export class OnboardingController {
  constructor(
    private readonly onboarding: OnboardingService,
    private readonly cards: CardsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Where the sign-up stands',
    description: 'The next step, the answers so far (to resume or go back), the card, and the Stripe/LeadByte/Xero registrations.',
  })
  @ApiResponse({ status: 200, type: OnboardingStateDto })
  getOnboarding(@CurrentUser() user: AuthUser): Promise<OnboardingStateDto> {
    return this.onboarding.state(user.clientId!);
  }

  @Put('business-details')
  @ApiOperation({
    summary: 'Step 2: business details (also later edits)',
    description: 'Registers the client with Stripe (billable), LeadByte and Xero in the background; their state is in `integrations`.',
  })
  @ApiResponse({ status: 200, type: OnboardingStateDto })
  @Invalid()
  @ApiResponse({ status: 409, description: 'The business name is taken, or a step is out of order', type: ErrorResponseDto })
  submitBusinessDetails(@CurrentUser() user: AuthUser, @Body() dto: BusinessDetailsDto): Promise<OnboardingStateDto> {
    return this.onboarding.submitBusinessDetails(user.clientId!, user.id, dto);
  }

  @Put('lead-preferences')
  @ApiOperation({ summary: 'Step 3: postcode areas, caps, delivery schedule (also later edits)' })
  @ApiResponse({ status: 200, type: OnboardingStateDto })
  @Invalid()
  @OutOfOrder()
  submitLeadPreferences(@CurrentUser() user: AuthUser, @Body() dto: LeadPreferencesDto): Promise<OnboardingStateDto> {
    return this.onboarding.submitLeadPreferences(user.clientId!, user.id, dto);
  }

  @Post('card/checkout-session')
  @OwnerOnly()
  @ApiOperation({
    summary: 'Step 4 (billable): open Stripe’s card page',
    description: 'A Checkout Session in setup mode. Stripe returns to `/onboarding/card/return?session_id=…`.',
  })
  @ApiResponse({ status: 201, type: CheckoutSessionDto })
  @ApiResponse({ status: 403, description: 'Non-billable account, or not an owner of the account', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'A step is out of order, or the Stripe registration is still pending', type: ErrorResponseDto })
  createCardSetupSession(@CurrentUser() user: AuthUser): Promise<CheckoutSessionDto> {
    return this.cards.openSetupSession(user.clientId!, 'onboarding');
  }

  @Post('card/confirm')
  @OwnerOnly()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Step 4 (billable): save the card from Stripe’s return',
    description:
      'Verifies the session with Stripe and stores its card as the default. Stripe’s webhook does the same; whichever comes first wins.',
  })
  @ApiResponse({ status: 200, type: OnboardingStateDto })
  @ApiResponse({ status: 404, description: 'No such session for this account', type: ErrorResponseDto })
  @ApiResponse({ status: 409, description: 'Stripe has not completed the card setup', type: ErrorResponseDto })
  async confirmCard(@CurrentUser() user: AuthUser, @Body() dto: ConfirmCardDto): Promise<OnboardingStateDto> {
    const card: CardDto | null = await this.cards.storeFromCheckoutSession(user.clientId!, dto.sessionId, user.id);
    const state = await this.onboarding.state(user.clientId!);
    if (!card && !state.card) throw new ConflictException('Stripe has not completed the card setup yet; finish it on Stripe’s page');
    return state;
  }
}
