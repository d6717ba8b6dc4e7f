import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const LOG_CHANNELS = ['email', 'sms', 'webhook'] as const;
export const LOG_OUTCOMES = ['sent', 'pending', 'failed', 'held'] as const;
export type LogChannel = (typeof LOG_CHANNELS)[number];
export type LogOutcome = (typeof LOG_OUTCOMES)[number];

export class NotificationLogQueryDto {
  @ApiPropertyOptional({ enum: LOG_CHANNELS }) @IsOptional() @IsIn(LOG_CHANNELS) channel?: LogChannel;
  @ApiPropertyOptional({
    enum: LOG_OUTCOMES,
    description: 'sent (or delivered), pending (on its way or being retried), failed, held (not sent: quiet hours, rate limit, STOP)',
  })
  @IsOptional()
  @IsIn(LOG_OUTCOMES)
  outcome?: LogOutcome;
  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3,6}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'before must be the `next` cursor of a previous page',
  })
  before?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @Type(() => Number)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 50;
}

export class NotificationLogItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: LOG_CHANNELS }) channel!: LogChannel;
  @ApiProperty({ description: 'What it was about, e.g. new_lead, low_balance, lead.send_data' }) type!: string;
  @ApiProperty({ description: 'Masked: an email’s first letter and domain, a phone’s last digits, a URL’s host' }) recipient!: string;
  @ApiProperty({ description: 'The channel’s own status (delivered, undelivered, succeeded, failed, suppressed…)' }) status!: string;
  @ApiProperty({ enum: LOG_OUTCOMES }) outcome!: LogOutcome;
  @ApiProperty({ type: 'integer', description: 'What it cost the client, minor units (texts; emails and webhooks are free)' })
  cost!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed or was held' }) detail!: string | null;
}

export class NotificationLogPageDto {
  @ApiProperty({ type: [NotificationLogItemDto] }) items!: NotificationLogItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for older entries; null at the end' }) next!: string | null;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'Calendar month, YYYY-MM (default: this month)', example: '2026-12' })
  @IsOptional()
  @Matches(/^20\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM (2000–2099), e.g. 2026-12' })
  month?: string;
}

export class UsageTotalsDto {
  @ApiProperty({ enum: ['sms'] }) channel!: string;
  @ApiProperty({ type: 'integer' }) messages!: number;
  @ApiProperty({ type: 'integer', description: 'Segments for texts' }) units!: number;
  @ApiProperty({ type: 'integer', description: 'Charged less refunded, minor units' }) amount!: number;
}

export class UsageDayDto extends UsageTotalsDto {
  @ApiProperty({ format: 'date' }) day!: string;
}

export class UsageDto {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ type: 'integer', description: 'Price per SMS segment now, minor units' }) pricePerSegment!: number;
  @ApiProperty({ type: [UsageTotalsDto] }) totals!: UsageTotalsDto[];
  @ApiProperty({ type: [UsageDayDto] }) days!: UsageDayDto[];
}

export class ClientUsageDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ type: String, nullable: true }) businessName!: string | null;
  @ApiProperty({ type: 'integer' }) messages!: number;
  @ApiProperty({ type: 'integer' }) units!: number;
  @ApiProperty({ type: 'integer', description: 'Paid by the client, minor units' }) revenue!: number;
  @ApiProperty({ type: 'integer', description: 'Cost at the provider, minor units' }) cost!: number;
  @ApiProperty({ type: 'integer', description: 'Segments not billed (non-billable client, no credit, verification codes)' })
  unbilledUnits!: number;
}

export class AdminUsageDto {
  @ApiProperty({ example: '2026-12' }) month!: string;
  @ApiProperty({ type: 'integer' }) pricePerSegment!: number;
  @ApiProperty({ type: 'integer' }) costPerSegment!: number;
  @ApiProperty({ type: [ClientUsageDto] }) clients!: ClientUsageDto[];
  @ApiProperty({ type: 'integer' }) revenue!: number;
  @ApiProperty({ type: 'integer' }) cost!: number;
}
