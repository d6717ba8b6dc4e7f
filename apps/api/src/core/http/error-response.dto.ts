import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email', description: 'The field, as a dotted path for nested fields' })
  field!: string;

  @ApiProperty({ example: ['email must be an email'], type: [String] })
  messages!: string[];
}

/** The one error shape every route answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field problems, for validation errors' })
  details?: FieldErrorDto[];
}
