import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BILLING_PERIODS, type BillingPeriod } from '../entities/plan.entity';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../entities/client-subscription.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const MAX_PRICE = 10_000_000;
export const MAX_SEATS = 500;

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Team' }) name!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ description: 'Per month, before VAT, in minor units (pence)', example: 4_900 }) monthlyPrice!: number;
  @ApiProperty({ description: 'VAT on the monthly price, in minor units' }) monthlyVat!: number;
  @ApiProperty({ description: 'Per month with VAT, in minor units' }) monthlyGross!: number;
  @ApiProperty({ description: 'Seats (members and pending invites) the plan includes', example: 3 }) seatsIncluded!: number;
  @ApiProperty({ description: 'Per add-on seat per month, before VAT, in minor units', example: 1_000 }) seatPrice!: number;
  @ApiProperty({ enum: BILLING_PERIODS, description: 'How often it is billed; a yearly plan bills twelve months at once' })
  billingPeriod!: BillingPeriod;
  @ApiProperty({ description: 'Shown on the pricing page' }) isPublic!: boolean;
  @ApiProperty({ description: 'The free plan new clients start on; it cannot be retired or deleted' }) isDefault!: boolean;
  @ApiProperty({ description: 'False once retired: kept for the clients on it, offered to nobody' }) active!: boolean;
}

export class CreatePlanDto {
  @ApiProperty({ example: 'Team', maxLength: 80 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name!: string;

  @ApiProperty({ description: 'Per month, before VAT, in minor units (pence)', minimum: 0, maximum: MAX_PRICE, example: 4_900 })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  monthlyPrice!: number;

  @ApiProperty({ minimum: 1, maximum: MAX_SEATS, example: 3 })
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  seatsIncluded!: number;

  @ApiProperty({ description: 'Per add-on seat per month, before VAT, in minor units', minimum: 0, maximum: MAX_PRICE, example: 1_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  seatPrice!: number;

  @ApiProperty({ enum: BILLING_PERIODS })
  @IsIn(BILLING_PERIODS)
  billingPeriod!: BillingPeriod;

  @ApiProperty({ description: 'Shown on the pricing page' })
  @IsBoolean()
  isPublic!: boolean;
}

export class UpdatePlanDto extends PartialType(CreatePlanDto) {
  @ApiPropertyOptional({ description: 'false retires the plan (clients on it keep it); true offers it again' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UnpaidInvoiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'LF-000012' }) number!: string;
  @ApiProperty({ description: 'With VAT, minor units' }) grossAmount!: number;
  @ApiProperty({ format: 'date' }) dueOn!: string;
}

export class ClientSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: PlanDto }) plan!: PlanDto;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: SubscriptionStatus;
  @ApiProperty({ description: 'Seats bought on top of the plan’s' }) addOnSeats!: number;
  @ApiProperty({ description: 'Seats given free by us' }) compedSeats!: number;
  @ApiProperty({ description: 'Plan seats + add-on seats + comped seats' }) seatLimit!: number;
  @ApiProperty({ description: 'Members plus pending invites' }) seatsUsed!: number;
  @ApiProperty({ format: 'date-time' }) currentPeriodStart!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Valid until; null on the free plan, which does not run out',
  })
  currentPeriodEnd!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Next invoice; null while nothing is billed' })
  nextBillAt!: string | null;
  @ApiProperty({ description: 'Ends (back to the free plan) when the paid time runs out' }) cancelAtPeriodEnd!: boolean;
  @ApiProperty({ type: PlanDto, nullable: true, description: 'A paid plan chosen on the pricing page, bought at the card step' })
  pendingPlan!: PlanDto | null;
  @ApiProperty({ type: PlanDto, nullable: true, description: 'The plan from `scheduledFor` (a downgrade waits for the paid time to end)' })
  scheduledPlan!: PlanDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Add-on seats from `scheduledFor`; null when unchanged' })
  scheduledAddOnSeats!: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) scheduledFor!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When a charge of the unpaid invoice first failed' })
  pastDueSince!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When the account will be suspended if still unpaid' })
  graceEndsAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Suspended: no leads are delivered until it is paid' })
  suspendedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) canceledAt!: string | null;
  @ApiProperty({ type: UnpaidInvoiceDto, nullable: true, description: 'The oldest open invoice' })
  unpaidInvoice!: UnpaidInvoiceDto | null;
}

export class SetSeatLimitDto {
  @ApiProperty({
    minimum: 1,
    maximum: MAX_SEATS,
    example: 5,
    description: 'The total wanted: the seats beyond the plan’s and the bought ones are comped (given free)',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  seatLimit!: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'Why, for the activity log', example: 'Agreed on the phone for the summer season' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  reason?: string;
}
