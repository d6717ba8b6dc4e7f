import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../core/http/error-response.dto';
import { ClientAccess, CurrentUser, type AuthUser } from '../../identity';
import { AddSmsNumberDto, SmsNumberDto, SmsNumberListDto, UpdateSmsNumberDto, VerifySmsNumberDto } from './dto/sms-numbers.dto';
import { SmsNumbersService, type Person } from './sms-numbers.service';

const person = (user: AuthUser): Person => ({ clientId: user.clientId!, userId: user.id });

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller('sms/numbers')
export class SmsNumbersController {
  constructor(private readonly numbers: SmsNumbersService) {}

  @Get()
  @ApiOperation({ summary: 'Your mobile numbers for text alerts' })
  @ApiResponse({ status: 200, type: SmsNumberListDto })
  listSmsNumbers(@CurrentUser() user: AuthUser): Promise<SmsNumberListDto> {
    return this.numbers.list(person(user));
  }

  @Post()
  @ApiOperation({
    summary: 'Add a mobile number: a 6-digit code is texted to it',
    description: 'Nothing else is sent to it until it is verified.',
  })
  @ApiResponse({ status: 201, type: SmsNumberDto })
  @ApiResponse({ status: 409, type: ErrorResponseDto, description: 'You added it already' })
  @ApiResponse({ status: 422, type: ErrorResponseDto, description: 'Not a mobile number, or five numbers already' })
  @ApiResponse({ status: 503, type: ErrorResponseDto, description: 'Texts are not set up on this LeadFlow' })
  addSmsNumber(@CurrentUser() user: AuthUser, @Body() dto: AddSmsNumberDto): Promise<SmsNumberDto> {
    return this.numbers.add(person(user), dto);
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Verify a number with the code texted to it' })
  @ApiResponse({ status: 200, type: SmsNumberDto })
  @ApiResponse({ status: 422, type: ErrorResponseDto, description: 'Wrong or expired code' })
  @ApiResponse({ status: 429, type: ErrorResponseDto, description: 'Too many wrong codes: ask for a new one' })
  verifySmsNumber(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: VerifySmsNumberDto,
  ): Promise<SmsNumberDto> {
    return this.numbers.verify(person(user), id, dto.code);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Text a new code (at most one every 30 seconds)' })
  @ApiResponse({ status: 200, type: SmsNumberDto })
  @ApiResponse({ status: 429, type: ErrorResponseDto, description: 'Too soon' })
  resendSmsCode(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SmsNumberDto> {
    return this.numbers.resend(person(user), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Choose a number’s alerts and quiet hours' })
  @ApiResponse({ status: 200, type: SmsNumberDto })
  updateSmsNumber(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSmsNumberDto,
  ): Promise<SmsNumberDto> {
    return this.numbers.update(person(user), id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a number (no more texts to it)' })
  @ApiResponse({ status: 204 })
  async removeSmsNumber(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.numbers.remove(person(user), id);
  }
}
