import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, IsNotEmpty } from 'class-validator';
import { PageMetaDto, PageQueryDto } from '../../core/http/pagination';
import { ELIGIBILITY_REASONS } from '../eligibility';
import { DELIVERY_STATUSES } from '../entities/delivery.entity';
import { REPORT_REASONS, REPORT_STATUSES, type ReportReason } from '../entities/lead-report.entity';
import { LeadContactDto } from '../../webhooks';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LeadsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() to?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Postcode prefix, e.g. M1' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(8)
  postcode?: string;
  @ApiPropertyOptional({ description: 'Searches the lead’s fields and contact (name, address, phones, email)' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

/** The export takes the list's filters, without paging. */
export class LeadsExportQueryDto extends OmitType(LeadsQueryDto, ['page', 'pageSize'] as const) {}

export class LeadSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({ description: 'Minor units charged' }) price!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) deliveredAt!: string;
  @ApiProperty({ description: 'The lead’s fields, keyed by the industry’s columns', type: 'object', additionalProperties: true })
  fields!: Record<string, unknown>;
  @ApiProperty({
    type: LeadContactDto,
    description: 'LeadByte’s standard fields the lead carried (name, address, phones, email…), whatever the industry’s columns',
  })
  contact!: LeadContactDto;
  @ApiProperty({ enum: [...REPORT_STATUSES, null], nullable: true, description: 'null when not reported' }) reportStatus!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'What LeadFlow said when it decided your report; null until then, or when it said nothing',
  })
  reportNote!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the lead’s personal data was erased (its retention ran out, or the person asked); null while held',
  })
  erasedAt!: string | null;
}

export class LeadPageDto {
  @ApiProperty({ type: [LeadSummaryDto] }) items!: LeadSummaryDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class MissedLeadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({
    enum: ELIGIBILITY_REASONS,
    description: 'Why it did not reach you (`not_offered`: another buyer took it first; `invalid_payload`: its fields did not fit yours)',
  })
  reason!: string;
}

export class MissedLeadPageDto {
  @ApiProperty({ type: [MissedLeadDto] }) items!: MissedLeadDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class ReportLeadDto {
  @ApiProperty({ enum: REPORT_REASONS }) @IsIn(REPORT_REASONS) reason!: ReportReason;
  @ApiPropertyOptional({ description: 'Required when the reason is `other`' })
  @Transform(trim)
  @ValidateIf((o: ReportLeadDto) => o.reason === 'other' || o.note !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'note is required when the reason is other' })
  @MaxLength(1_000)
  note?: string;
}

export class DecideReportDto {
  @ApiPropertyOptional({ description: 'Shown to the client' }) @Transform(trim) @IsOptional() @IsString() @MaxLength(1_000) note?: string;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: REPORT_REASONS }) reason!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) adminNote!: string | null;
  @ApiProperty({ description: 'What a refund gives back (minor units)' }) price!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ description: 'The client’s return rate over the last 30 days, this return included, when it was made (percent)' })
  returnRatePercent!: number;
  @ApiProperty({ description: 'The rate was past the client’s limit: recorded, but never approved automatically' }) overLimit!: boolean;
  @ApiProperty({ description: 'Approved at once by the return rules, not by an admin' }) automatic!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Until when an admin may reverse an automatic approval' })
  reversibleUntil!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When an admin reversed it (the refund charged again)' })
  reversedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the returned lead was offered again' })
  resoldAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The buyer it was sold to again (null: nobody took it)' })
  resoldTo!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'What that buyer paid, after the resale discount (minor units)' })
  resalePrice!: number | null;
}

export class ReturnPolicyDto {
  @ApiProperty({ description: 'Days after delivery a lead of your industry can be returned' }) windowDays!: number;
  @ApiProperty({ enum: REPORT_REASONS, isArray: true, description: 'The reasons a lead of your industry can be returned for' })
  reasons!: ReportReason[];
  @ApiProperty({ description: 'Leads delivered to you in the last 30 days' }) leadsLast30Days!: number;
  @ApiProperty({ description: 'Your returns in that time that still stand (pending or approved)' }) returnsLast30Days!: number;
  @ApiProperty({ description: 'Your return rate, percent, to two decimals' }) returnRatePercent!: number;
  @ApiProperty({ description: 'Your limit: a return past it is recorded but marked over the limit (percent)' }) limitPercent!: number;
  @ApiProperty({ description: 'Whether one more return now would be past the limit' }) nextReturnOverLimit!: boolean;
}

export class ClientReturnRulesDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'The client’s own limit (percent); null: the default' })
  rateLimitPercent!: number | null;
  @ApiProperty({ description: 'The limit that applies (percent)' }) effectiveRateLimitPercent!: number;
  @ApiProperty({ description: 'Trusted: returns within the limit are approved at once' }) autoApprove!: boolean;
  @ApiProperty({ description: 'The client’s return rate now (percent)' }) returnRatePercent!: number;
}

export class UpdateClientReturnRulesDto {
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, maximum: 100, description: 'Percent; null: the default' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  rateLimitPercent?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() autoApprove?: boolean;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_STATUSES }) @IsOptional() @IsIn(REPORT_STATUSES) status?: string;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto] }) items!: ReportDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}
