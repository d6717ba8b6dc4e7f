import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class SmsNumberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'E.164', example: '+447700900123' }) phone!: string;
  @ApiProperty({ description: 'Nothing but its code is sent until it is verified' }) verified!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) verifiedAt!: string | null;
  @ApiProperty({ description: 'A text for each new lead' }) newLeads!: boolean;
  @ApiProperty({ description: 'Low balance and out of credit' }) lowBalance!: boolean;
  @ApiProperty({ description: 'An automatic top-up failed' }) paymentFailed!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 23, description: 'Quiet hours start (hour, your time zone)' })
  quietStart!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 23, description: 'Quiet hours end (hour, not included)' })
  quietEnd!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the person replied STOP (null: texts are on)' })
  optedOutAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the current code stops working' })
  codeExpiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When another code may be asked for' })
  canResendAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the latest text to it did not arrive, with Twilio’s code (e.g. "21211: not a valid phone number"); null when it did',
  })
  lastProblem!: string | null;
}

export class SmsNumberListDto {
  @ApiProperty({ type: [SmsNumberDto] }) items!: SmsNumberDto[];
  @ApiProperty({ description: 'Whether texts can be sent at all on this LeadFlow' }) available!: boolean;
  @ApiProperty({ type: 'integer', description: 'What a client pays per SMS segment, minor units' }) pricePerSegment!: number;
}

export class AddSmsNumberDto {
  @ApiProperty({ description: 'A mobile number: 07700 900123, +44 7700 900123 or another country’s in international form' })
  @IsString()
  @MaxLength(32)
  phone!: string;
}

export class VerifySmsNumberDto {
  @ApiProperty({ description: 'The 6-digit code texted to the number', example: '123456' })
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the 6 digits texted to the number' })
  code!: string;
}

export class UpdateSmsNumberDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() newLeads?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lowBalance?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() paymentFailed?: boolean;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 23, description: 'null with quietEnd null: no quiet hours' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(23)
  quietStart?: number | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: 23 })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(23)
  quietEnd?: number | null;
}
