import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageMetaDto } from '../../core/http/pagination';
import { INVOICE_KINDS, INVOICE_STATUSES, type InvoiceKind, type InvoiceStatus } from '../entities/subscription-invoice.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class InvoiceLineDto {
  @ApiProperty({ example: 'Team plan, 4 Dec 2026 – 4 Jan 2027' }) description!: string;
  @ApiProperty({ description: 'Months, or seat-months' }) quantity!: number;
  @ApiProperty({ description: 'Per unit, before VAT, in minor units' }) unitNet!: number;
  @ApiProperty({ description: 'Before VAT, in minor units' }) net!: number;
  @ApiProperty({ description: 'VAT rate in basis points (2000 = 20%)' }) vatRateBps!: number;
  @ApiProperty({ description: 'VAT, in minor units' }) vat!: number;
  @ApiProperty({ description: 'With VAT, in minor units' }) gross!: number;
}

export class CreditNoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'LF-CN-000001' }) number!: string;
  @ApiProperty({ format: 'date' }) issuedOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Credited with VAT, in minor units' }) grossAmount!: number;
}

export class SubscriptionInvoiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({
    example: 'LF-000001',
    nullable: true,
    type: String,
    description: 'Null only on a draft (a card payment not made yet; admins only)',
  })
  number!: string | null;
  @ApiProperty({ enum: INVOICE_KINDS }) kind!: InvoiceKind;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: InvoiceStatus;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ format: 'date', description: 'Issue date and tax point' }) issuedOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ type: [InvoiceLineDto] }) lines!: InvoiceLineDto[];
  @ApiProperty({ description: 'Before VAT, in minor units' }) netAmount!: number;
  @ApiProperty({ description: 'VAT, in minor units' }) vatAmount!: number;
  @ApiProperty({ description: 'With VAT, in minor units' }) grossAmount!: number;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) paymentId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt!: string | null;
  @ApiProperty({ description: 'Card charges tried so far' }) attempts!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the card is charged next; null when it will not be',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last charge failed, in plain words' }) lastFailure!: string | null;
  @ApiProperty({ type: CreditNoteDto, nullable: true, description: 'The credit note that voided it' })
  creditNote!: CreditNoteDto | null;
}

export class SubscriptionInvoicePageDto {
  @ApiProperty({ type: [SubscriptionInvoiceDto] }) items!: SubscriptionInvoiceDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class IssueInvoiceDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 12, default: 1, description: 'How many billing periods after the current one' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  periods?: number;
}

export class VoidInvoiceDto {
  @ApiProperty({ maxLength: 500, example: 'Issued for the wrong plan' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
