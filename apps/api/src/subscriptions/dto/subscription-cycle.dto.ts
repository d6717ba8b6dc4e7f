import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { ClientSubscriptionDto, MAX_SEATS } from './plans.dto';
import { InvoiceLineDto, SubscriptionInvoiceDto } from './invoices.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const PAYMENT_OUTCOMES = ['succeeded', 'requires_action', 'failed', 'pending', 'nothing_to_pay'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

export class ChoosePlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId!: string;
}

export class PendingPlanDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The plan chosen on the pricing page; null clears it' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  planId!: string | null;
}

export class AddOnSeatsDto {
  @ApiProperty({ minimum: 0, maximum: MAX_SEATS, description: 'The add-on seats wanted in all (not the change)', example: 2 })
  @IsInt()
  @Min(0)
  @Max(MAX_SEATS)
  addOnSeats!: number;
}

export class AdvanceDto {
  @ApiProperty({ minimum: 1, maximum: 12, description: 'Billing periods to pay ahead', example: 3 })
  @IsInt()
  @Min(1)
  @Max(12)
  periods!: number;
}

export class QuoteRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A plan to change to' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_SEATS, description: 'The add-on seats wanted in all' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEATS)
  addOnSeats?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 12, description: 'Billing periods to pay ahead' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  periods?: number;
}

export class SubscriptionQuoteDto {
  @ApiProperty({
    enum: ['now', 'period_end'],
    description: 'Whether the change takes effect now (and is charged now) or when the paid time ends',
  })
  effective!: 'now' | 'period_end';
  @ApiProperty({ format: 'date-time', description: 'When it takes effect' }) effectiveAt!: string;
  @ApiProperty({ type: [InvoiceLineDto], description: 'What is charged now (none when it waits for the period end)' })
  lines!: InvoiceLineDto[];
  @ApiProperty() netAmount!: number;
  @ApiProperty() vatAmount!: number;
  @ApiProperty() grossAmount!: number;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it would be refused; null when it can go ahead' })
  problem!: string | null;
}

export class SubscriptionPaymentDto {
  @ApiProperty({
    enum: PAYMENT_OUTCOMES,
    description:
      '`succeeded`: paid and applied; `requires_action`: send the browser to `nextActionUrl` (3-D Secure); `failed`: see `failureReason`; `pending`: Stripe has not answered yet; `nothing_to_pay`: done without a charge (a change at period end)',
  })
  status!: PaymentOutcome;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) paymentId!: string | null;
  @ApiProperty({
    type: SubscriptionInvoiceDto,
    nullable: true,
    description: 'The invoice paid, or being paid (null for a draft the client never sees)',
  })
  invoice!: SubscriptionInvoiceDto | null;
  @ApiProperty({ nullable: true, type: String }) nextActionUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ type: ClientSubscriptionDto }) subscription!: ClientSubscriptionDto;
}

export class AdminChangePlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId!: string;

  @ApiProperty({ maxLength: 200, description: 'Why, for the activity log' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

export class ExtendSubscriptionDto {
  @ApiProperty({ minimum: 1, maximum: 366, description: 'Days added to "valid until"' })
  @IsInt()
  @Min(1)
  @Max(366)
  days!: number;

  @ApiProperty({ maxLength: 200, description: 'Why, for the activity log' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

export class PastDueRowDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ nullable: true, type: String }) businessName!: string | null;
  @ApiProperty({ enum: ['past_due', 'suspended'] }) status!: 'past_due' | 'suspended';
  @ApiProperty({ format: 'date-time', description: 'Overdue since' }) since!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty() grossAmount!: number;
  @ApiProperty({ format: 'date' }) dueOn!: string;
}

export class SubscriptionSummaryDto {
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({
    description: 'Monthly recurring revenue, net, minor units: paying subscriptions (a yearly plan counts its monthly price)',
  })
  mrr!: number;
  @ApiProperty({ description: 'Subscriptions paying for a plan or seats' }) paidSubscriptions!: number;
  @ApiProperty({ type: [PastDueRowDto], description: 'Past-due and suspended accounts, longest overdue first (up to 50)' })
  pastDue!: PastDueRowDto[];
}
