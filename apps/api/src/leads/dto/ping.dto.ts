import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IngestDeliveryDto } from '../../catalog';

export const PING_REFUSALS = ['no_eligible_buyer'] as const;

export class PingLeadDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'campaignId must be the id of a campaign' }) campaignId!: string;
  @ApiProperty({
    description:
      'The lead’s non-personal fields: its postcode and the industry’s number and choice columns. Any other standard field (name, email, phones, address, date of birth…) or text, email, phone or date column is refused (422 naming it); they come with the post.',
    example: { postcode: 'M1 1AE', roof_type: 'Pitched' },
  })
  @IsObject()
  fields!: Record<string, unknown>;
}

export class PingResultDto {
  @ApiProperty({ format: 'uuid', description: 'Send it with the post' }) pingId!: string;
  @ApiProperty({ description: 'Whether a buyer will take the lead at `price` if it is posted before `expiresAt`' }) accepted!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Minor units the lead sells for (accepted pings)' }) price!: number | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Post by then; the reservation ends after' })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, enum: PING_REFUSALS, description: 'Why no buyer takes it (refused pings)' }) code!: string | null;
}

export class PostLeadDto {
  @ApiProperty({ format: 'uuid', description: 'The accepted ping this lead is the post of' })
  @IsUUID('all', { message: 'pingId must be the id of a ping' })
  pingId!: string;
  @ApiPropertyOptional({ description: 'Your reference for the lead' }) @IsOptional() @IsString() @MaxLength(100) externalId?: string;
  @ApiProperty({
    description: 'The whole lead, keyed by the industry’s lead columns; its non-personal fields must be those pinged',
    example: { firstname: 'Ann', email: 'ann@example.com', phone1: '07700900123', postcode: 'M1 1AE', roof_type: 'Pitched' },
  })
  @IsObject()
  fields!: Record<string, unknown>;
}

export class PostResultDto {
  @ApiProperty({ format: 'uuid' }) pingId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The lead, once taken in (not for `ping_expired`)' })
  leadId!: string | null;
  @ApiProperty({ enum: ['delivered', 'unsold', 'rejected'] }) status!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      '`ping_expired` (posted after `expiresAt`: nothing was taken in), `ping_mismatch` (the pinged fields changed; the ping still holds), or why the buyer refused it (`duplicate`, …)',
  })
  reason!: string | null;
  @ApiProperty({ type: [IngestDeliveryDto], description: 'The buyer it went to, and the price charged' }) deliveries!: IngestDeliveryDto[];
  @ApiPropertyOptional({ type: [String], description: 'The pinged fields the post changed (`ping_mismatch`)' }) mismatched?: string[];
}

export class PingStatsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'From (inclusive); 30 days ago by default' })
  @IsOptional()
  @IsDateString({}, { message: 'from must be a date and time (ISO 8601)' })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'To (exclusive); now by default' })
  @IsOptional()
  @IsDateString({}, { message: 'to must be a date and time (ISO 8601)' })
  to?: string;
}

export class SupplierPingStatsDto {
  @ApiProperty({ format: 'uuid' }) supplierId!: string;
  @ApiProperty({ nullable: true, type: String }) supplierName!: string | null;
  @ApiProperty() pings!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty({ description: 'Accepted pings whose post was delivered' }) posted!: number;
  @ApiProperty({ description: 'Accepted pings never posted in time' }) expired!: number;
  @ApiProperty({ description: 'accepted / pings, 0–1' }) acceptanceRate!: number;
  @ApiProperty({ description: 'posted / accepted, 0–1' }) conversionRate!: number;
}

export class PingStatsDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [SupplierPingStatsDto] }) suppliers!: SupplierPingStatsDto[];
}
