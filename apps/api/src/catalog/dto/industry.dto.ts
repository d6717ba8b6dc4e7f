import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { LEAD_COLUMN_TYPES, type LeadColumnType } from '../entities/industry.entity';
import { REPORT_REASONS, type ReportReason } from '../return-reasons';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LeadColumnDto {
  @ApiProperty({ example: 'roof_type', description: 'snake_case key of the field' })
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key must be snake_case (a-z, 0-9, _), starting with a letter, at most 40 characters' })
  key!: string;

  @ApiProperty({ example: 'Roof type' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  label!: string;

  @ApiProperty({ enum: LEAD_COLUMN_TYPES })
  @IsIn(LEAD_COLUMN_TYPES)
  type!: LeadColumnType;

  @ApiProperty()
  @IsBoolean()
  required!: boolean;

  @ApiPropertyOptional({ type: [String], description: 'The allowed values, for `select` columns' })
  @ValidateIf((o: LeadColumnDto) => o.type === 'select' || o.options !== undefined)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  options?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { pitched: ['Pitched - tiles', 'Pitched - slate'], mixed: ['Mixed pitched and flat'] },
    description:
      'For `select` columns: other ways suppliers write an option (option → its aliases). A value matches an option or an alias ignoring case, spacing and punctuation, and is stored as the option.',
  })
  @IsOptional()
  @ValidateBy({
    name: 'aliasesOfOptions',
    validator: {
      validate: (value: unknown, args) => {
        const options = (args?.object as LeadColumnDto).options ?? [];
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        return Object.entries(value).every(
          ([option, aliases]) =>
            options.includes(option) &&
            Array.isArray(aliases) &&
            aliases.length <= 20 &&
            aliases.every((a) => typeof a === 'string' && a.trim() !== '' && a.length <= 80),
        );
      },
      defaultMessage: () => 'aliases must map each option of the column to a list of at most 20 other ways of writing it',
    },
  })
  aliases?: Record<string, string[]>;
}

export class CreateIndustryDto {
  @ApiProperty({ example: 'Solar panels' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 2500, description: 'Price of one lead in minor units (pence)' })
  @IsInt()
  @Min(0)
  @Max(100_000_00)
  leadCost!: number;

  @ApiPropertyOptional({ example: 'GBP', default: 'GBP' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO code such as GBP' })
  currency?: string;

  @ApiProperty({ type: [LeadColumnDto] })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => LeadColumnDto)
  leadColumns!: LeadColumnDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: 90,
    description: 'Days a lead can be returned; the global window when null',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  returnWindowDays?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    enum: REPORT_REASONS,
    isArray: true,
    description: 'Reasons a lead may be returned for; every reason when null',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REPORT_REASONS, { each: true })
  returnReasons?: ReportReason[] | null;

  @ApiPropertyOptional({ default: false, description: 'Offer an approved return again at once, to buyers who never had it' })
  @IsOptional()
  @IsBoolean()
  resaleAuto?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 100,
    description: 'Percent off on a resale; the global default when null',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  resaleDiscountPercent?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: 3650,
    description: 'Days a lead’s personal data is kept after it arrives, then erased; `LEAD_RETENTION_DAYS` when null',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  retentionDays?: number | null;
}

export class UpdateIndustryDto extends PartialType(CreateIndustryDto) {}

export class IndustryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Minor units' }) leadCost!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [LeadColumnDto] }) leadColumns!: LeadColumnDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt!: string | null;
  @ApiProperty({ description: 'Clients in this industry' }) clientCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Days a lead can be returned; null: the global window' }) returnWindowDays!:
    number | null;
  @ApiProperty({ nullable: true, enum: REPORT_REASONS, isArray: true, description: 'Allowed return reasons; null: all' })
  returnReasons!: ReportReason[] | null;
  @ApiProperty() resaleAuto!: boolean;
  @ApiProperty({ nullable: true, type: Number }) resaleDiscountPercent!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Days a lead’s personal data is kept; null: `LEAD_RETENTION_DAYS`' })
  retentionDays!: number | null;
}
