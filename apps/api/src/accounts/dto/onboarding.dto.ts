import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { INTEGRATION_KINDS, INTEGRATION_STATUSES } from '../entities/integration-state.entity';
import { WEEKDAYS, type Weekday } from '../entities/lead-preferences.entity';
import { normalisePostcode, normalisePostcodeArea } from '../postcodes';
import { CardDto } from '../../billing';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value);
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value;

@ValidatorConstraint({ name: 'ukPostcode' })
class UkPostcode implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && normalisePostcode(value) !== null;
  }
  defaultMessage(): string {
    return 'postcode must be a valid UK postcode, such as SW1A 1AA';
  }
}

@ValidatorConstraint({ name: 'postcodeAreas' })
class PostcodeAreas implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((v) => typeof v === 'string' && normalisePostcodeArea(v) !== null);
  }
  defaultMessage(): string {
    return 'postcodeAreas must be UK postcode areas, districts or sectors, such as SW, SW1A or SW1A 1';
  }
}

@ValidatorConstraint({ name: 'timeZone' })
class TimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'timeZone must be an IANA time zone, such as Europe/London';
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class BusinessDetailsDto {
  @ApiProperty({ example: 'Acme Solar Ltd', description: 'Unique across LeadFlow, ignoring case and spacing' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  businessName!: string;

  @ApiProperty({ format: 'uuid', description: 'One of GET /api/industries' })
  @IsUUID('all', { message: 'industryId must be the id of an industry' })
  industryId!: string;

  @ApiProperty({ example: '1 High Street' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  addressLine1!: string;

  @ApiPropertyOptional({ example: 'Unit 4' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine2?: string;

  @ApiProperty({ example: 'London' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  town!: string;

  @ApiProperty({ example: 'SW1A 1AA' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (normalisePostcode(value) ?? value) : value))
  @Validate(UkPostcode)
  postcode!: string;

  @ApiProperty({ example: '+44 20 7946 0000' })
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{6,19}$/, { message: 'phone must be a phone number (digits, spaces, +, -, brackets)' })
  phone!: string;

  @ApiPropertyOptional({ example: 'https://acme-solar.example' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'website must be a URL starting with http:// or https://' })
  @MaxLength(255)
  website?: string;
}

export class LeadPreferencesDto {
  @ApiProperty({ example: ['SW', 'M1', 'B33 8'], description: 'UK postcode areas, districts or sectors' })
  @IsArray()
  @ArrayMinSize(1, { message: 'postcodeAreas must list at least one area' })
  @ArrayMaxSize(500)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? (normalisePostcodeArea(v) ?? v) : v)) : value,
  )
  @ArrayUnique({ message: 'postcodeAreas must not repeat an area' })
  @Validate(PostcodeAreas)
  postcodeAreas!: string[];

  @ApiProperty({ example: 10, minimum: 1 })
  @IsInt({ message: 'dailyCap must be a whole number' })
  @Min(1, { message: 'dailyCap must be at least 1' })
  @Max(10_000)
  dailyCap!: number;

  @ApiPropertyOptional({ example: 40, nullable: true, type: Number, description: 'At least the daily cap; omit or null for none' })
  @IsOptional()
  @IsInt({ message: 'weeklyCap must be a whole number' })
  @Min(1, { message: 'weeklyCap must be at least 1' })
  @Max(70_000)
  weeklyCap?: number | null;

  @ApiPropertyOptional({
    example: 30_000,
    nullable: true,
    type: Number,
    description:
      'At most this much spent on leads a week (Monday to Sunday in timeZone), in pence. Null for no limit; omitted keeps the current one',
  })
  @IsOptional()
  @IsInt({ message: 'weeklySpendLimit must be a whole number of pence' })
  @Min(1, { message: 'weeklySpendLimit must be at least 1p' })
  @Max(100_000_000, { message: 'weeklySpendLimit must be at most £1,000,000' })
  weeklySpendLimit?: number | null;

  @ApiPropertyOptional({
    example: 100_000,
    nullable: true,
    type: Number,
    description:
      'At most this much spent on leads a calendar month in timeZone, in pence. Null for no limit; omitted keeps the current one',
  })
  @IsOptional()
  @IsInt({ message: 'monthlySpendLimit must be a whole number of pence' })
  @Min(1, { message: 'monthlySpendLimit must be at least 1p' })
  @Max(100_000_000, { message: 'monthlySpendLimit must be at most £1,000,000' })
  monthlySpendLimit?: number | null;

  @ApiPropertyOptional({ enum: WEEKDAYS, isArray: true, default: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'deliveryDays must list at least one day' })
  @ArrayUnique()
  @IsIn(WEEKDAYS, { each: true, message: 'deliveryDays must be days such as mon, tue, …, sun' })
  deliveryDays?: Weekday[];

  @ApiPropertyOptional({ example: '08:00', default: '00:00' })
  @IsOptional()
  @Matches(HHMM, { message: 'deliveryStart must be a time HH:MM' })
  deliveryStart?: string;

  @ApiPropertyOptional({ example: '20:00', default: '24:00' })
  @IsOptional()
  @Matches(HHMM, { message: 'deliveryEnd must be a time HH:MM (24:00 for midnight)' })
  deliveryEnd?: string;

  @ApiPropertyOptional({ example: 'Europe/London', default: 'Europe/London' })
  @IsOptional()
  @Validate(TimeZone)
  timeZone?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  paused?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Email me about every new lead' })
  @IsOptional()
  @IsBoolean()
  emailNewLeads?: boolean;
}

export class IntegrationStateDto {
  @ApiProperty({ enum: INTEGRATION_KINDS }) kind!: string;
  @ApiProperty({ enum: INTEGRATION_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BusinessDetailsViewDto {
  @ApiProperty() businessName!: string;
  @ApiProperty({ format: 'uuid' }) industryId!: string;
  @ApiProperty() industryName!: string;
  @ApiProperty() addressLine1!: string;
  @ApiProperty({ nullable: true, type: String }) addressLine2!: string | null;
  @ApiProperty() town!: string;
  @ApiProperty() postcode!: string;
  @ApiProperty() phone!: string;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
}

export class LeadPreferencesViewDto {
  @ApiProperty({ type: [String] }) postcodeAreas!: string[];
  @ApiProperty() dailyCap!: number;
  @ApiProperty({ nullable: true, type: Number }) weeklyCap!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Pence a week; null: no limit' }) weeklySpendLimit!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Pence a calendar month; null: no limit' }) monthlySpendLimit!: number | null;
  @ApiProperty({ enum: WEEKDAYS, isArray: true }) deliveryDays!: string[];
  @ApiProperty({ example: '08:00' }) deliveryStart!: string;
  @ApiProperty({ example: '20:00' }) deliveryEnd!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty() paused!: boolean;
  @ApiProperty() emailNewLeads!: boolean;
}

export class OnboardingStateDto {
  @ApiProperty({ enum: ['business_details', 'lead_preferences', 'card', 'complete'], description: 'The step to do next' })
  step!: string;
  @ApiProperty({
    enum: ['business_details', 'lead_preferences', 'card'],
    isArray: true,
    description: 'The steps this client goes through (non-billable clients have no card step)',
  })
  steps!: string[];
  @ApiProperty({ enum: ['billable', 'non_billable'] }) billingMode!: string;
  @ApiProperty({ enum: ['onboarding', 'active', 'paused', 'suspended'] }) status!: string;
  @ApiProperty({ type: BusinessDetailsViewDto, nullable: true }) businessDetails!: BusinessDetailsViewDto | null;
  @ApiProperty({ type: LeadPreferencesViewDto, nullable: true }) leadPreferences!: LeadPreferencesViewDto | null;
  @ApiProperty({ type: CardDto, nullable: true, description: 'The default card' }) card!: CardDto | null;
  @ApiProperty({ type: [IntegrationStateDto] }) integrations!: IntegrationStateDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Where LeadByte posts this client’s leads' }) inboundLeadUrl!: string | null;
}
