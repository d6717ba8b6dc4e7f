import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class ConfirmCardDto {
  @ApiProperty({ example: 'cs_test_…', description: 'The `session_id` Stripe appended to the return URL' })
  @IsString()
  @Matches(/^cs_[A-Za-z0-9_]+$/, { message: 'sessionId must be a Stripe Checkout Session id (cs_…)' })
  @MaxLength(255)
  sessionId!: string;
}

export class CardDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'visa' }) brand!: string;
  @ApiProperty({ example: '4242' }) last4!: string;
  @ApiProperty() expMonth!: number;
  @ApiProperty() expYear!: number;
  @ApiProperty() isDefault!: boolean;
}

export class CheckoutSessionDto {
  @ApiProperty({ description: 'Stripe-hosted page to open; it returns to the SPA with ?session_id=…' }) url!: string;
  @ApiProperty() sessionId!: string;
}

export class PaymentMethodsDto {
  @ApiProperty({ type: [CardDto] }) items!: CardDto[];
}
