import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { STRATEGIES, type Strategy } from '../entities/campaign.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateCampaignDto {
  @ApiProperty({ example: 'Solar — North West' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'industryId must be the id of an industry' }) industryId!: string;
  @ApiProperty({ enum: STRATEGIES }) @IsIn(STRATEGIES) strategy!: Strategy;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Minor units; the industry’s lead cost when absent' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  priceOverride?: number | null;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({
    default: false,
    description: 'Offer an approved return of this campaign’s leads again at once, to buyers who never had it',
  })
  @IsOptional()
  @IsBoolean()
  resaleAuto?: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 100,
    description: 'Percent off on a resale; the industry’s when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  resaleDiscountPercent?: number | null;
}
export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'clientId must be the id of a client' }) clientId!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(10) weight?: number;
  @ApiPropertyOptional({ default: 100, description: 'Waterfall order: 1 is tried first' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  priority?: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) @Max(100_000) dailyCap?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsInt() @Min(1) @Max(700_000) weeklyCap?: number | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'What this buyer pays for the campaign’s leads, minor units, when it bids above the campaign’s price (no lower); null pays the campaign’s price. Waterfall offers the highest price first, then by priority.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  bid?: number | null;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) industryId!: string;
  @ApiProperty({ enum: STRATEGIES }) strategy!: string;
  @ApiProperty({ nullable: true, type: Number }) priceOverride!: number | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() resaleAuto!: boolean;
  @ApiProperty({ nullable: true, type: Number }) resaleDiscountPercent!: number | null;
  @ApiProperty({ type: [SubscriptionDto] }) subscriptions!: SubscriptionDto[];
}

export class CreateSupplierDto {
  @ApiProperty({ example: 'Acme Leads' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Campaigns it may post to' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  campaignIds!: string[];
}
export class UpdateSupplierDto extends PartialType(CreateSupplierDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class SupplierDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the key' }) keyPrefix!: string;
  @ApiProperty({ type: [String] }) campaignIds!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt!: string | null;
}

export class SupplierWithKeyDto extends SupplierDto {
  @ApiProperty({ description: 'Shown once: send it as `X-API-Key`' }) apiKey!: string;
}

export class IngestLeadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'campaignId must be the id of a campaign' }) campaignId!: string;
  @ApiPropertyOptional({ description: 'Your reference: a repeat with the same reference gets the first answer' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  externalId?: string;
  @ApiProperty({
    description: 'The lead’s fields, keyed by the industry’s lead columns',
    example: { firstname: 'Ann', email: 'ann@example.com', phone1: '07700900123', postcode: 'M1 1AE' },
  })
  @IsObject()
  fields!: Record<string, unknown>;
}

export class IngestDeliveryDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'Minor units charged' }) price!: number;
}

export class IngestResultDto {
  @ApiProperty({ format: 'uuid' }) leadId!: string;
  @ApiProperty({ enum: ['delivered', 'unsold', 'rejected'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [IngestDeliveryDto], description: 'Buyers it went to' }) deliveries!: IngestDeliveryDto[];
  @ApiPropertyOptional({ description: 'Field problems when rejected as invalid_payload' }) details?: Array<{
    field: string;
    message: string;
  }>;
}
