import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../core/http/pagination';

export class ActivityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lead_preferences.updated' }) action!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Who: a user’s name (and “(admin)”), or null for the system' }) actor!:
    string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
  @ApiProperty({ type: PageMetaDto }) meta!: PageMetaDto;
}
