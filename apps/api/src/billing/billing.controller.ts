import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/decorators/current-user.decorator';
import { ClientAccess } from '../clients/client-access.guard';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { CardsService } from '../onboarding/cards.service';
import { PaymentMethodsDto } from '../onboarding/dto/onboarding.dto';

@ApiTags('billing')
@ApiBearerAuth()
@ClientAccess({ onboarded: true, billable: true })
@Controller('billing')
export class BillingController {
  constructor(private readonly cards: CardsService) {}

  @Get('payment-methods')
  @ApiOperation({ summary: 'Saved cards, the default first' })
  @ApiResponse({ status: 200, type: PaymentMethodsDto })
  @ApiResponse({ status: 403, description: 'Onboarding not finished, or a non-billable account', type: ErrorResponseDto })
  async listPaymentMethods(@CurrentUser() user: AuthUser): Promise<PaymentMethodsDto> {
    return { items: await this.cards.list(user.clientId!) };
  }
}
