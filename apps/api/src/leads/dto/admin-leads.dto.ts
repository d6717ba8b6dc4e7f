import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ELIGIBILITY_REASONS } from '../eligibility';
import { PageMetaDto, PageQueryDto } from '../../core/http/pagination';
import { LEAD_SOURCES, LEAD_STATUSES } from '../entities/lead.entity';
import { ERASURE_REASONS } from '../lead-erasure';
import { LeadContactDto } from '../../webhooks';

export class AdminLeadsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEAD_STATUSES }) @IsOptional() @IsIn(LEAD_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: LEAD_SOURCES }) @IsOptional() @IsIn(LEAD_SOURCES) source?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ description: 'Searches the lead’s fields and contact' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class AdminLeadDeliveryDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ nullable: true, type: String }) businessName!: string | null;
  @ApiProperty() price!: number;
  @ApiProperty() status!: string;
}

export class EligibilityDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ nullable: true, type: String }) businessName!: string | null;
  @ApiProperty() eligible!: boolean;
  @ApiProperty({
    nullable: true,
    enum: [...ELIGIBILITY_REASONS, null],
    description: 'Why not (`not_offered`: another buyer took it first)',
  })
  reason!: string | null;
}

export class LeadProblemDto {
  @ApiProperty({ example: 'data1 (roof_type)', description: 'The field as the sender named it (and the column, when that differs)' })
  field!: string;
  @ApiProperty({ example: 'data1 (roof_type) must be one of pitched, flat' }) message!: string;
}

export class LeadReturnDto {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'uuid', description: 'The buyer who returned it' }) clientId!: string;
  @ApiProperty({ nullable: true, type: String }) businessName!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'pending, approved, rejected or reversed' }) status!: string;
  @ApiProperty() automatic!: boolean;
  @ApiProperty() overLimit!: boolean;
  @ApiProperty({ description: 'Given back on approval (minor units)' }) refund!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) reversedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it was offered again' }) resoldAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The buyer it was sold to again' }) resoldTo!: string | null;
  @ApiProperty({ nullable: true, type: String }) resoldToName!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The resale price, after the discount' }) resalePrice!: number | null;
}

export class AdminLeadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: LEAD_SOURCES }) source!: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, enum: [...ELIGIBILITY_REASONS, null], description: 'Why it was refused or went unsold' })
  reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty() industryName!: string;
  @ApiProperty({ nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) fields!: Record<string, unknown>;
  @ApiProperty({ type: LeadContactDto, description: 'LeadByte’s standard fields the lead carried' }) contact!: LeadContactDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When its personal data was erased; null while held' })
  erasedAt!: string | null;
  @ApiProperty({ nullable: true, enum: [...ERASURE_REASONS, null], description: '`retention` or `request`' })
  erasureReason!: string | null;
  @ApiProperty({ type: [AdminLeadDeliveryDto] }) deliveries!: AdminLeadDeliveryDto[];
  @ApiProperty({ type: [EligibilityDto] }) eligibility!: EligibilityDto[];
  @ApiProperty({ type: [LeadReturnDto], description: 'Its returns, oldest first: who returned it, the decision, and who bought it again' })
  returns!: LeadReturnDto[];
  @ApiProperty({
    type: [LeadProblemDto],
    description: 'What was wrong with the fields of a lead refused as invalid (on the lead’s own route; empty in lists and otherwise)',
  })
  problems!: LeadProblemDto[];
}

export class AdminLeadPageDto {
  @ApiProperty({ type: [AdminLeadDto] }) items!: AdminLeadDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}
