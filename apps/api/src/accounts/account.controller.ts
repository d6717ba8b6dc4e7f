import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser, ClientAccess } from '../identity';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { OnboardingStateDto } from './dto/onboarding.dto';
import { OnboardingService } from './onboarding.service';

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess({ onboarded: true })
@Controller('account')
export class AccountController {
  constructor(private readonly onboarding: OnboardingService) {}

  @Get()
  @ApiOperation({
    summary: 'The dashboard’s account: business, lead preferences, card, inbound lead URL, registrations',
    description: 'Onboarded clients only; before that, 403 names the next step.',
  })
  @ApiResponse({ status: 200, type: OnboardingStateDto })
  @ApiResponse({ status: 403, description: 'Onboarding not finished (the message names the next step)', type: ErrorResponseDto })
  getAccount(@CurrentUser() user: AuthUser): Promise<OnboardingStateDto> {
    return this.onboarding.state(user.clientId!);
  }
}
