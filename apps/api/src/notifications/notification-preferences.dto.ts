import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class NotificationPreferencesDto {
  @ApiProperty({ description: 'An email for each new lead' }) @IsBoolean() newLead!: boolean;
  @ApiProperty({ description: 'Low balance and zero credits' }) @IsBoolean() lowBalance!: boolean;
  @ApiProperty({
    description:
      'Payment receipts, failures and approvals needed (credit and the subscription), the subscription suspended and active again',
  })
  @IsBoolean()
  payments!: boolean;
  @ApiProperty({ description: 'Invoices issued (weekly leads invoices and subscription invoices)' }) @IsBoolean() invoices!: boolean;
  @ApiProperty({ description: 'A webhook endpoint is failing or was disabled' }) @IsBoolean() webhookFailures!: boolean;
  @ApiPropertyOptional({
    description: 'A lead report was decided (approved and refunded, or rejected), with the note; unchanged when left out',
  })
  @IsOptional()
  @IsBoolean()
  reports?: boolean;
}
