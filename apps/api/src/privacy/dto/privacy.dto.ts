import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageMetaDto } from '../../core/http/pagination';
import { ERASURE_REASONS } from '../../leads';
import { LeadContactDto } from '../../webhooks';
import { PRIVACY_REQUEST_KINDS } from '../entities/privacy-request.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Whom a privacy request is about: an email, a phone, or both (at least one). */
export class PersonDto {
  @ApiPropertyOptional({ format: 'email', example: 'ann.smith@example.com', description: 'Compared ignoring case' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '07700 900123', description: 'A UK phone number in any usual form (`+44 7700 900123`, `07700-900123`)' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
}

export class PrivacyRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: PRIVACY_REQUEST_KINDS,
    description: '`erasure`: the person’s leads were erased; `access`: what we hold was exported',
  })
  kind!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The admin who made it' }) requestedBy!: string | null;
  @ApiProperty({ description: 'Made by email' }) byEmail!: boolean;
  @ApiProperty({ description: 'Made by phone' }) byPhone!: boolean;
  @ApiProperty({ description: 'Leads erased (erasure) or found (access)' }) leadCount!: number;
  @ApiProperty({ description: 'Buyers told by a `lead.erased` webhook event (erasure)' }) buyerCount!: number;
  @ApiProperty({ description: 'An earlier request was about the same email or phone' }) seenBefore!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the latest earlier request about them was made' })
  previousRequestAt!: string | null;
}

export class PrivacyRequestPageDto {
  @ApiProperty({ type: [PrivacyRequestDto] }) items!: PrivacyRequestDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}

export class AccessDeliveryDto {
  @ApiProperty({ format: 'uuid' }) buyerId!: string;
  @ApiProperty({ nullable: true, type: String }) buyer!: string | null;
  @ApiProperty({ description: 'What the buyer paid for the lead, minor units' }) price!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) deliveredAt!: string;
  @ApiProperty() status!: string;
}

export class AccessReportDto {
  @ApiProperty({ format: 'uuid' }) buyerId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String, description: 'What the buyer wrote' }) note!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'What LeadFlow answered' }) adminNote!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
}

export class AccessMessageDto {
  @ApiProperty({ enum: ['webhook', 'sms'], description: 'A webhook event to a buyer’s systems, or a text to a buyer’s phone' })
  channel!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The buyer it went to (null: a LeadFlow platform endpoint)' })
  buyerId!: string | null;
  @ApiProperty({ description: 'The event type (webhook) or the kind of text (sms)' }) kind!: string;
  @ApiProperty({ nullable: true, type: String, description: 'What the text said (sms)' }) text!: string | null;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AccessLeadDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() industry!: string;
  @ApiProperty({ enum: ['leadbyte', 'supplier'] }) source!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ nullable: true, type: String }) postcode!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The industry’s fields as held' }) fields!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: LeadContactDto }) contact!: LeadContactDto;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) erasedAt!: string | null;
  @ApiProperty({ nullable: true, enum: [...ERASURE_REASONS, null] }) erasureReason!: string | null;
  @ApiProperty({ type: [AccessDeliveryDto], description: 'Who bought it' }) deliveries!: AccessDeliveryDto[];
  @ApiProperty({ type: [AccessReportDto], description: 'Buyers’ returns of it' }) reports!: AccessReportDto[];
  @ApiProperty({ type: [AccessMessageDto], description: 'What was sent about it' }) messages!: AccessMessageDto[];
}

export class AccessSubjectDto {
  @ApiProperty({ nullable: true, type: String, description: 'As searched: trimmed, lower-cased' }) email!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'As searched: E.164' }) phone!: string | null;
}

/** Everything LeadFlow holds about a person (a subject access request), as one JSON file. */
export class AccessExportDto {
  @ApiProperty({ format: 'uuid', description: 'The access request recorded for this export' }) requestId!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: AccessSubjectDto }) subject!: AccessSubjectDto;
  @ApiProperty({ type: [AccessLeadDto], description: 'Their leads, oldest first' }) leads!: AccessLeadDto[];
}
