import { ApiProperty } from '@nestjs/swagger';
import type { XeroStatus } from '../xero.service';

export class XeroStatusDto implements XeroStatus {
  @ApiProperty({ description: 'Whether LeadFlow holds a Xero connection' })
  connected!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The connected Xero organisation (tenant) id' })
  tenantId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'LeadFlow Ltd' })
  tenantName!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the current access token expires (it is refreshed automatically)',
  })
  accessTokenExpiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the connection was made, when known' })
  connectedAt!: string | null;
}

export class XeroAuthorizeUrlDto {
  @ApiProperty({ description: "Xero's consent page; open it in the browser. Valid for 10 minutes, once." })
  authorizeUrl!: string;
}
