import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  NotEquals,
} from 'class-validator';
import { PageMetaDto, PageQueryDto } from '../../core/http/pagination';
import { LEDGER_KINDS, type LedgerKind } from '../entities/ledger-entry.entity';
import { PAYMENT_KINDS, PAYMENT_STATUSES } from '../entities/payment.entity';

export class TopUpDto {
  @ApiProperty({ example: 5000, description: 'Credit to buy, in minor units (pence). VAT is added on top or included, by configuration.' })
  @IsInt({ message: 'amount must be a whole number of pence' })
  @Min(1, { message: 'amount must be positive' })
  amount!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One of your saved cards (GET /api/billing/payment-methods); the default card when left out',
  })
  @IsOptional()
  @IsUUID('all', { message: 'cardId must be the id of one of your saved cards' })
  cardId?: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PAYMENT_KINDS }) kind!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Credit bought (minor units)' }) netAmount!: number;
  @ApiProperty() vatAmount!: number;
  @ApiProperty({ description: 'Charged to the card or invoice' }) grossAmount!: number;
  @ApiProperty({ example: 2000, description: 'VAT rate in basis points' }) vatRateBps!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it failed, in plain words, with what to do next' })
  failureReason!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Stripe’s own message and codes for a failure: admins only (null for clients)',
  })
  failureDetail!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where to finish 3-D Secure, when status is requires_action' }) nextActionUrl!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) hostedInvoiceUrl!: string | null;
  @ApiProperty({ nullable: true, type: String }) periodStart!: string | null;
  @ApiProperty({ nullable: true, type: String }) periodEnd!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) settledAt!: string | null;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentDto] }) items!: PaymentDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class AutoChargeDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Charge when the balance falls below this (minor units)' }) threshold!: number;
  @ApiProperty({ description: 'Credit bought each time (minor units, before VAT)' }) amount!: number;
  @ApiProperty() consecutiveFailures!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) retryAfter!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the system turned it off' }) disabledReason!: string | null;
}

export class VatDto {
  @ApiProperty({ example: 2000, description: 'Basis points' }) rateBps!: number;
  @ApiProperty({ enum: ['added', 'included'] }) mode!: 'added' | 'included';
}

export class TopUpLimitsDto {
  @ApiProperty({ example: 1000 }) min!: number;
  @ApiProperty({ example: 500000 }) max!: number;
}

export class BillingSummaryDto {
  @ApiProperty() balance!: number;
  @ApiProperty() creditLimit!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() weeklyTerms!: boolean;
  @ApiProperty({ type: AutoChargeDto }) autoCharge!: AutoChargeDto;
  @ApiProperty({ type: VatDto }) vat!: VatDto;
  @ApiProperty({ type: TopUpLimitsDto }) topUpLimits!: TopUpLimitsDto;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The most this client pays for one lead (its industry’s price, or a campaign’s); auto-charge also tops up when the balance could not pay for one. Null before the client has an industry.',
  })
  leadPrice!: number | null;
}

export class AutoChargeSettingsDto {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty({ example: 2000 }) @IsInt() @Min(0) @Max(10_000_000) threshold!: number;
  @ApiProperty({ example: 10000 }) @IsInt() @Min(1) @Max(10_000_000) amount!: number;
}

export class LedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEDGER_KINDS }) @IsOptional() @IsIn(LEDGER_KINDS) kind?: LedgerKind;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() to?: string;
}

/** The export takes the ledger's filters, without paging. */
export class LedgerExportQueryDto extends OmitType(LedgerQueryDto, ['page', 'pageSize'] as const) {}

export class LedgerEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: LEDGER_KINDS }) kind!: string;
  @ApiProperty({ description: 'Signed minor units' }) amount!: number;
  @ApiProperty() balanceAfter!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() cause!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LedgerPageDto {
  @ApiProperty({ type: [LedgerEntryDto] }) items!: LedgerEntryDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class PaymentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_KINDS }) @IsOptional() @IsIn(PAYMENT_KINDS) kind?: string;
}

export class AdjustmentDto {
  @ApiProperty({ example: -500, description: 'Signed minor units: positive credits, negative debits' })
  @Type(() => Number)
  @IsInt()
  @NotEquals(0, { message: 'amount must not be zero' })
  @Min(-10_000_000)
  @Max(10_000_000)
  amount!: number;

  @ApiProperty({ example: 'Goodwill credit for a mis-sold lead' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason!: string;
}

export class CreditTermsDto {
  @ApiProperty({ description: 'Invoiced weekly in arrears' }) @IsBoolean() weeklyTerms!: boolean;
  @ApiProperty({ example: 50000, description: 'How far below zero the balance may go (minor units)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  creditLimit!: number;
}

export class ReconciliationRowDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() balance!: number;
  @ApiProperty() ledgerSum!: number;
  @ApiProperty() inStep!: boolean;
}

export class ReconciliationDto {
  @ApiProperty({ description: 'Clients whose balance differs from the sum of their ledger (should be none)', type: [ReconciliationRowDto] })
  mismatches!: ReconciliationRowDto[];
  @ApiProperty() clientsChecked!: number;
  @ApiProperty({ description: 'Pending payments older than an hour that were re-read from Stripe' }) stalePaymentsChecked!: number;
  @ApiProperty({ type: [PaymentDto], description: 'Payments whose status changed by re-reading Stripe' }) settled!: PaymentDto[];
}
