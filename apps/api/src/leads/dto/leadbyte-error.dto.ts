import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../core/http/error-response.dto';

/** An error answer of the LeadByte URL: the common error shape, plus what LeadByte's response rules read. */
export class LeadbyteErrorDto extends ErrorResponseDto {
  @ApiProperty({ enum: ['rejected'] })
  result!: 'rejected';

  @ApiProperty({
    example: 'invalid_json',
    description:
      '`invalid_json` (400), `invalid_payload` (400: not one object, a NUL or lone surrogate, `lead_id` not text or a number or over 100 characters; 422: the fields do not fit the buyer’s columns), `bad_request` (another 400), `unknown_buyer` (404), `payload_too_large` (413), `unsupported_media_type` (415), `rate_limited` (429), `internal_error` (500), `unavailable` (503)',
  })
  code!: string;
}
