import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDateString, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageMetaDto, PageQueryDto } from '../../core/http/pagination';
import { EVENT_TYPES, SUBSCRIBABLE_EVENT_TYPES } from '../event-catalog';
import { DELIVERY_STATES } from '../entities/webhook-delivery.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class EventTypeDto {
  @ApiProperty({ example: 'lead.reported' }) type!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ example: 'Lead reported', description: 'The integration event it belongs to (a few events come as more than one type)' })
  group!: string;
  @ApiProperty({ example: 'Lead reported', description: 'What people call it' }) name!: string;
  @ApiProperty({ example: 'Leads', description: 'The part of the product it is about, for grouping in pickers' }) category!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'The payload schema’s name in this document’s components', example: 'LeadReportedEventData' })
  schema!: string;
  @ApiProperty({ description: 'False for the test event, which is sent on request only' }) subscribable!: boolean;
}

export class CreateEndpointDto {
  @ApiProperty({ example: 'https://hooks.zapier.com/hooks/catch/123/abc' }) @Transform(trim) @IsString() @MaxLength(2048) url!: string;
  @ApiPropertyOptional({ example: 'Zapier: new leads to the CRM' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
  @ApiProperty({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, description: 'At least one event type' })
  @ArrayMinSize(1, { message: 'eventTypes needs at least one event type' })
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true, message: `each of eventTypes must be one of: ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}` })
  eventTypes!: string[];
}

export class UpdateEndpointDto {
  @ApiPropertyOptional() @Transform(trim) @IsOptional() @IsString() @MaxLength(2048) url?: string;
  @ApiPropertyOptional() @Transform(trim) @IsOptional() @IsString() @MaxLength(200) description?: string;
  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'eventTypes needs at least one event type' })
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true, message: `each of eventTypes must be one of: ${SUBSCRIBABLE_EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];
  @ApiPropertyOptional({ description: 'Switch the endpoint off or back on (turning it on clears a 410 disable)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class EndpointDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The owning client; null for platform endpoints' }) clientId!:
    string | null;
  @ApiProperty() url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: EVENT_TYPES, isArray: true }) eventTypes!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'The endpoint answered 410 Gone' }) disabledReason!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'While set, requests carry the old secret’s signature too',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class EndpointWithSecretDto {
  @ApiProperty({ type: EndpointDto }) endpoint!: EndpointDto;
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Shown once: store it now' }) secret!: string;
}

export class EndpointPageDto {
  @ApiProperty({ type: [EndpointDto] }) items!: EndpointDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class DeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATES }) @IsOptional() @IsIn(DELIVERY_STATES) status?: string;
  @ApiPropertyOptional({ enum: EVENT_TYPES }) @IsOptional() @IsIn(EVENT_TYPES) eventType?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Created at or after' }) @IsOptional() @IsDateString() since?: string;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid', description: 'Sent as `webhook-id`' }) eventId!: string;
  @ApiProperty({ enum: EVENT_TYPES }) eventType!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The delivery this one replays' }) replayOf!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
}

export class AttemptDto {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) requestHeaders!: Record<string, string>;
  @ApiProperty({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The first kilobyte of the answer' }) responseBody!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryDetailDto extends DeliveryDto {
  @ApiProperty({ description: 'The JSON body sent' }) body!: string;
  @ApiProperty({ type: [AttemptDto] }) attemptLog!: AttemptDto[];
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class ReplayFailedDto {
  @ApiProperty({ format: 'date-time', description: 'Replay every failed delivery created at or after this time' })
  @IsDateString()
  since!: string;
}

export class ReplayedDto {
  @ApiProperty() replayed!: number;
}

export class FailingEndpointDto extends EndpointDto {
  @ApiProperty({ nullable: true, type: String }) clientName!: string | null;
  @ApiProperty({ description: 'Failed deliveries in the last 7 days' }) failedLast7Days!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastFailureAt!: string | null;
}

export class FailingEndpointPageDto {
  @ApiProperty({ type: [FailingEndpointDto] }) items!: FailingEndpointDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}
