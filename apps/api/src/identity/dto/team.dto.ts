import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { API_KEY_SCOPES } from '../entities/api-key.entity';
import { CLIENT_ROLES } from '../entities/user.entity';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: CLIENT_ROLES }) role!: string;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
}

export class TeamInviteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: CLIENT_ROLES }) role!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedTeamInviteDto extends TeamInviteDto {
  @ApiProperty({ description: 'The sign-up link (also emailed to the invitee)', example: 'https://app.leadflow.example/register?team=…' })
  url!: string;
}

export class TeamDto {
  @ApiProperty({ description: 'Members plus pending invites may not exceed this' }) seatLimit!: number;
  @ApiProperty() seatsUsed!: number;
  @ApiProperty({ type: [TeamMemberDto] }) members!: TeamMemberDto[];
  @ApiProperty({ type: [TeamInviteDto], description: 'Pending, unexpired invites' }) invites!: TeamInviteDto[];
}

export class InviteTeamMemberDto {
  @ApiProperty({ example: 'sam@example.co.uk' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
  @ApiProperty({
    enum: CLIENT_ROLES,
    description: 'Members see leads and settings but cannot change billing, the team or API keys, or delete webhook endpoints',
  })
  @IsIn(CLIENT_ROLES)
  role!: 'owner' | 'member';
}

export class SetTeamRoleDto {
  @ApiProperty({ enum: CLIENT_ROLES }) @IsIn(CLIENT_ROLES) role!: 'owner' | 'member';
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The key’s first characters', example: 'lf_Xq3k9' }) prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class ApiKeyWithSecretDto {
  @ApiProperty({ type: ApiKeyDto }) apiKey!: ApiKeyDto;
  @ApiProperty({ description: 'Shown once: send it as `Authorization: Bearer lf_…`', example: 'lf_Xq3k9Jm2…' }) key!: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CRM sync' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(100)
  name!: string;
  @ApiProperty({
    enum: API_KEY_SCOPES,
    isArray: true,
    description:
      'What the key may do: leads:read (list and read leads), leads:report (report leads), webhooks:manage (endpoints and deliveries)',
  })
  @ArrayMinSize(1, { message: 'scopes needs at least one scope' })
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true, message: `each of scopes must be one of: ${API_KEY_SCOPES.join(', ')}` })
  scopes!: string[];
}
