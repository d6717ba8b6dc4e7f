import { ApiProperty } from '@nestjs/swagger';

export class RunwayDto {
  @ApiProperty({ description: 'Days of history the forecast uses', example: 14 }) basisDays!: number;
  @ApiProperty({ description: 'Net lead spend in those days, minor units' }) spend!: number;
  @ApiProperty({ description: 'Average spend a day, minor units' }) averageDailySpend!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the credit runs out at this rate (not counting auto-charge); null: not within 90 days, or no spend',
  })
  runsOutAt!: string | null;
  @ApiProperty({ description: 'The balance cannot pay for a lead now: leads are being refused until credit is added' })
  refusingNow!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When auto-charge would fire; null when off or not within 90 days',
  })
  autoChargeAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) autoChargeAmount!: number | null;
  @ApiProperty() autoChargeFirst!: boolean;
  @ApiProperty({ description: 'How the figure is worked out, in words' }) method!: string;
}

export class DaySeriesDto {
  @ApiProperty({ format: 'date', example: '2026-11-22' }) date!: string;
  @ApiProperty() leads!: number;
  @ApiProperty({ description: 'Net spend that day, minor units' }) spend!: number;
}

export class AttentionDto {
  @ApiProperty({
    enum: ['payment_failed', 'card_expiring', 'paused', 'webhook_failing', 'integration_failed', 'auto_charge_off', 'low_runway'],
  })
  kind!: string;
  @ApiProperty({ enum: ['warning', 'danger'] }) severity!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'Where in the app to fix it', example: '/billing' }) link!: string;
}

export class RecentLeadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty() price!: number;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) deliveredAt!: string;
}

export class AutoChargeStateDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty() threshold!: number;
  @ApiProperty() amount!: number;
  @ApiProperty({ nullable: true, type: String }) disabledReason!: string | null;
}

export class DashboardDto {
  @ApiProperty({ enum: ['billable', 'non_billable'] }) billingMode!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Null for non-billable accounts' }) balance!: number | null;
  @ApiProperty({ nullable: true, type: Number }) creditLimit!: number | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: AutoChargeStateDto, nullable: true }) autoCharge!: AutoChargeStateDto | null;
  @ApiProperty({ description: 'Leads today, in your time zone' }) leadsToday!: number;
  @ApiProperty({ description: 'Leads this week (from Monday), in your time zone' }) leadsThisWeek!: number;
  @ApiProperty() dailyCap!: number;
  @ApiProperty({ nullable: true, type: Number }) weeklyCap!: number | null;
  @ApiProperty({ description: 'Spent on leads this week (from Monday) in your time zone, refunds taken off, minor units' })
  spentThisWeek!: number;
  @ApiProperty({ description: 'Spent on leads this calendar month in your time zone, refunds taken off, minor units' })
  spentThisMonth!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Your weekly spending limit, minor units; null: none' })
  weeklySpendLimit!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Your monthly spending limit, minor units; null: none' })
  monthlySpendLimit!: number | null;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: [DaySeriesDto], description: 'The last 30 days, oldest first' }) series!: DaySeriesDto[];
  @ApiProperty({ type: [RecentLeadDto] }) recentLeads!: RecentLeadDto[];
  @ApiProperty({ type: [AttentionDto] }) attention!: AttentionDto[];
  @ApiProperty({ type: RunwayDto, nullable: true, description: 'Null for non-billable accounts' }) runway!: RunwayDto | null;
}

export class NamedCountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
}

export class ReportRateDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() delivered!: number;
  @ApiProperty() reported!: number;
  @ApiProperty({ description: 'reported / delivered, 0–1' }) rate!: number;
}

export class QueueHealthDto {
  @ApiProperty() name!: string;
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
}

export class IntegrationFailureDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ nullable: true, type: String }) clientName!: string | null;
  @ApiProperty() kind!: string;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AdminOverviewDto {
  @ApiProperty({ description: 'Leads received today (since midnight in `timeZone`): delivered + unsold + rejected' }) leadsInToday!: number;
  @ApiProperty({ description: 'Of those, delivered to at least one buyer' }) deliveredToday!: number;
  @ApiProperty({ description: 'Of those, valid but no buyer could take them' }) unsoldToday!: number;
  @ApiProperty({ description: 'Of those, refused (invalid fields, a duplicate, a buyer that could not take it)' }) rejectedToday!: number;
  @ApiProperty({
    example: 'Europe/London',
    description: 'The business’s time zone, in which "today" and the days of the series are counted',
  })
  timeZone!: string;
  @ApiProperty({ description: 'Net lead revenue today, minor units' }) revenueToday!: number;
  @ApiProperty({ description: 'Net lead revenue in the last 30 days, minor units' }) revenue30d!: number;
  @ApiProperty({ type: [DaySeriesDto], description: 'Leads delivered and revenue a day, last 30 days' }) series!: DaySeriesDto[];
  @ApiProperty({ type: [NamedCountDto], description: 'Top buyers by spend, last 30 days' }) topBuyers!: NamedCountDto[];
  @ApiProperty({ type: [ReportRateDto], description: 'Report rate by client, last 30 days, highest first' }) reportRates!: ReportRateDto[];
  @ApiProperty({ type: [NamedCountDto], description: 'Leads by supplier, last 30 days' }) supplierVolumes!: NamedCountDto[];
  @ApiProperty({ type: [QueueHealthDto] }) queues!: QueueHealthDto[];
  @ApiProperty({ description: 'Bull Board, for the queues in detail', example: '/admin/queues' }) queueBoardUrl!: string;
  @ApiProperty({ type: [IntegrationFailureDto] }) integrationFailures!: IntegrationFailureDto[];
}
