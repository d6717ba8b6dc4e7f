import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BILLING_MODES, CLIENT_STATUSES, type BillingMode, type ClientStatus } from '../../clients';
import { PageMetaDto, PageQueryDto } from '../../core/http/pagination';
import { IntegrationStateDto, OnboardingStateDto } from './onboarding.dto';

export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches the business name or the owner’s email' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: CLIENT_STATUSES })
  @IsOptional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  @ApiPropertyOptional({ enum: ['failed', 'pending', 'waiting'], description: 'Only clients with a registration in this state' })
  @IsOptional()
  @IsIn(['failed', 'pending', 'waiting'])
  integration?: 'failed' | 'pending' | 'waiting';
}

export class AdminClientSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) businessName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) industryId!: string | null;
  @ApiProperty({ nullable: true, type: String }) industryName!: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerEmail!: string | null;
  @ApiProperty({ enum: CLIENT_STATUSES }) status!: string;
  @ApiProperty({ enum: BILLING_MODES }) billingMode!: string;
  @ApiProperty() onboardingStep!: string;
  @ApiProperty({ type: [IntegrationStateDto] }) integrations!: IntegrationStateDto[];
  @ApiProperty({ description: 'Leads delivered in the last 30 days' }) leadsDelivered30d!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of those leads the client reported (0–1); null without leads' })
  reportRate30d!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AdminClientPageDto {
  @ApiProperty({ type: [AdminClientSummaryDto] }) items!: AdminClientSummaryDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class AdminClientDto extends OnboardingStateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) ownerEmail!: string | null;
  @ApiProperty({ nullable: true, type: String }) stripeCustomerId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) leadbyteBuyerId!: number | null;
  @ApiProperty({ nullable: true, type: String }) xeroContactId!: string | null;
}

export class SetBillingModeDto {
  @ApiProperty({ enum: BILLING_MODES })
  @IsIn(BILLING_MODES)
  billingMode!: BillingMode;
}

export class CreateInviteDto {
  @ApiProperty({ enum: BILLING_MODES, example: 'non_billable' })
  @IsIn(BILLING_MODES)
  billingMode!: BillingMode;

  @ApiPropertyOptional({ description: 'Only this address may use the invite' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid email address' })
  email?: string;

  @ApiPropertyOptional({ default: 14, minimum: 1, maximum: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  expiresInDays?: number;
}

export class InviteDto {
  @ApiProperty({ description: 'Shown once' }) token!: string;
  @ApiProperty({ description: 'The sign-up link to send' }) url!: string;
  @ApiProperty({ enum: BILLING_MODES }) billingMode!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
